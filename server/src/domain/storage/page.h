#pragma once

#include <cstdint>
#include <vector>

// Shared by the storage ports (domain/storage/*.h): one page of a list and the total count.
namespace clientele::storage {

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t count = 0;
};

}  // namespace clientele::storage

#pragma once

#include <optional>
#include <string>

#include "core/result.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

// Shared by the files of PeopleService (people.cc, sellers.cc, passwords.cc), and by no one else.
namespace clientele::people_internal {

inline constexpr const char* kEmailTaken =
    "This e-mail already belongs to someone in this organisation.";

// A customer user the caller may manage: staff for any customer account of the organisation,
// Administrators for their own account. Only customer (`common`) users are ever managed: never
// a reseller or seller. Anything else looks like it does not exist.
Result<User> ManagedUser(storage::Tx& tx, const Caller& caller, UserId id);

// Trimmed; nullopt for nothing or blanks.
std::optional<std::string> Normalised(const std::optional<std::string>& v);

// `st`, with kAlreadyExists (the e-mail was taken meanwhile) as a field error on "email".
Status EmailTakenAsField(Status st);

}  // namespace clientele::people_internal

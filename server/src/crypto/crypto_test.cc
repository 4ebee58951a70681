#include "crypto/crypto.h"

#include <gtest/gtest.h>

namespace clientele::crypto {
namespace {

TEST(CryptoTest, SealOpensOnlyWithTheSameKeyAndUnalteredData) {
  ASSERT_TRUE(Init());
  std::string key = RandomBytes(kSecretKeyBytes);
  std::string sealed = Seal(key, "smtp-password");
  EXPECT_EQ(sealed.find("smtp-password"), std::string::npos);
  std::string out;
  ASSERT_TRUE(Open(key, sealed, out));
  EXPECT_EQ(out, "smtp-password");
  EXPECT_FALSE(Open(RandomBytes(kSecretKeyBytes), sealed, out));
  sealed.back() ^= 1;
  EXPECT_FALSE(Open(key, sealed, out));
  EXPECT_FALSE(Open(key, "short", out));
  EXPECT_NE(Seal(key, "x"), Seal(key, "x"));  // fresh nonce each time
}

TEST(CryptoTest, SealedTextIsPrintableAndOpensOnlyWithTheKey) {
  ASSERT_TRUE(Init());
  std::string key = RandomBytes(kSecretKeyBytes);
  std::string sealed = SealText(key, "https://portal.example/reset?token=abc");
  EXPECT_TRUE(IsSealedText(sealed));
  EXPECT_EQ(sealed.find("token"), std::string::npos);
  for (char c : sealed) EXPECT_TRUE(c > 0x20 && c < 0x7f) << sealed;
  std::string out;
  ASSERT_TRUE(OpenText(key, sealed, out));
  EXPECT_EQ(out, "https://portal.example/reset?token=abc");
  EXPECT_FALSE(OpenText(RandomBytes(kSecretKeyBytes), sealed, out));
  EXPECT_FALSE(IsSealedText("plain body"));
  EXPECT_FALSE(OpenText(key, "plain body", out));
  EXPECT_FALSE(OpenText(key, "sealed:1:!!", out));
}

TEST(CryptoTest, PasswordsAndTokens) {
  ASSERT_TRUE(Init());
  auto hash = HashPassword("Sturdy-Password-42");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$"));
  EXPECT_TRUE(VerifyPassword(*hash, "Sturdy-Password-42"));
  EXPECT_FALSE(VerifyPassword(*hash, "Sturdy-Password-43"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_NE(RandomToken(), RandomToken());
  std::string decoded;
  ASSERT_TRUE(Base64UrlDecode(Base64UrlEncode("\x01\xff hello"), decoded));
  EXPECT_EQ(decoded, "\x01\xff hello");
  EXPECT_FALSE(Base64UrlDecode("not base64!", decoded));
  EXPECT_EQ(HexEncode(Sha256("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace clientele::crypto

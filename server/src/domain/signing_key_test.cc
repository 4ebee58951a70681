#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "domain/auth.h"
#include "testing/fixtures.h"

namespace clientele {
namespace {

constexpr const char* kSetting = "access_token_signing_key";

std::optional<std::string> Stored(storage::Database& db) {
  std::optional<std::string> value;
  EXPECT_TRUE(db.Read([&](storage::Tx& tx) -> Status {
                  TRY(value, tx.GetSetting(kSetting));
                  return Ok();
                }).ok());
  return value;
}

TEST(SigningKeyTest, ANewKeyIsStoredSealedAndOpensAgain) {
  auto db = testing::NewDatabase();
  const std::string secret = crypto::RandomBytes(crypto::kSecretKeyBytes);
  auto key = AuthService::LoadSigningKey(*db, secret);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->size(), 32u);
  auto stored = Stored(*db);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->find(*key), std::string::npos) << "the signing key is stored in plain";
  auto again = AuthService::LoadSigningKey(*db, secret);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *key);
  EXPECT_EQ(Stored(*db), stored) << "an opened key is not written again";
}

TEST(SigningKeyTest, APlainKeyIsSealedInPlaceSoItsTokensStayValid) {
  auto db = testing::NewDatabase();
  const std::string plain = crypto::RandomBytes(32);
  ASSERT_TRUE(db->Write([&](storage::Tx& tx) { return tx.PutSetting(kSetting, plain); }).ok());
  const std::string secret = crypto::RandomBytes(crypto::kSecretKeyBytes);
  auto key = AuthService::LoadSigningKey(*db, secret);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, plain);
  EXPECT_EQ(Stored(*db)->find(plain), std::string::npos);
  EXPECT_EQ(*AuthService::LoadSigningKey(*db, secret), plain);
}

TEST(SigningKeyTest, AnotherSecretKeyIsRefused) {
  auto db = testing::NewDatabase();
  ASSERT_TRUE(AuthService::LoadSigningKey(*db, crypto::RandomBytes(crypto::kSecretKeyBytes)).ok());
  auto other = AuthService::LoadSigningKey(*db, crypto::RandomBytes(crypto::kSecretKeyBytes));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(other.error().message.find("secret key file"), std::string::npos);
}

}  // namespace
}  // namespace clientele

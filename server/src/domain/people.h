#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/result.h"
#include "domain/accounts.h"
#include "domain/auth.h"
#include "domain/model.h"
#include "domain/storage/unit_of_work.h"

namespace clientele {

inline constexpr int64_t kSellerInvitationHours = 24;
inline constexpr int64_t kUserInvitationHours = 72;
inline constexpr int64_t kPasswordResetHours = 1;
inline constexpr int64_t kImpersonationSeconds = 15 * 60;

// Edits to a person. Outer nullopt: leave alone.
struct UserPatch {
  std::optional<std::string> email;
  std::optional<std::optional<std::string>> name;
  std::optional<std::optional<std::string>> phone;
  std::optional<std::string> lang;
  std::optional<Group> group;
  FieldErrors type_errors;
};

struct NewInvitation {
  std::string email;
  std::optional<Group> group;
  std::optional<std::string> name;
  std::optional<std::string> lang;
  std::optional<int64_t> client_id;
  FieldErrors type_errors;
};

struct NewSeller {
  std::string email;
  std::string full_name;
  std::optional<std::string> phone;
  FieldErrors type_errors;
};

struct SetPasswordResult {
  User user;
};

// Customer users, sellers, blocking, links sent by e-mail, and acting as a customer (SPEC §4-6).
// Who may do what:
//   staff (reseller, seller): every customer user of the organisation;
//   the reseller alone: sellers;
//   customer Administrators: the users of their own account; everyone: themselves.
class PeopleService {
 public:
  // `public_url`: where the portals live, for the links in e-mails (no trailing slash).
  PeopleService(storage::Database& db, AuthService& auth, std::string public_url)
      : db_(db), auth_(auth), public_url_(std::move(public_url)) {}

  // Customer users.
  Result<std::vector<User>> AccountUsers(const Caller& caller, ClientId client);
  Result<User> GetUser(const Caller& caller, UserId id);
  Result<User> UpdateUser(const Caller& caller, UserId id, const UserPatch& patch, Timestamp now);
  Result<User> Invite(const Caller& caller, const NewInvitation& invitation, Timestamp now);
  Status SetGroup(const Caller& caller, ClientId client, UserId id, std::optional<Group> group);
  Status RevokeAccess(const Caller& caller, ClientId client, UserId id, Timestamp now);
  // Blocking works for customer users (staff) and sellers (reseller); `kind` is the kind of
  // person the caller means (another kind under that id: kNotFound).
  Result<User> SetBlocked(const Caller& caller, UserId id, UserType kind, bool blocked,
                          Timestamp now);

  // Passwords and links.
  Result<TokenPair> ChangePassword(const Caller& caller, UserId id, const std::string& old_password,
                                   const std::string& new_password, const std::string& repeated,
                                   Timestamp now);
  // Always succeeds for the caller (it must not reveal who exists); e-mails a link if it can,
  // at most kResetMailsPerEmail per e-mail and kResetMailsPerClient per `client_address`.
  Status ForgotPassword(const std::string& email, Timestamp now,
                        std::string_view client_address = "");
  // Accepts an invitation or a reset link. kInvalidArgument for a wrong, used or expired link.
  Result<User> SetPasswordWithLink(const std::string& token, const std::string& password,
                                   Timestamp now);

  // Sellers (reseller only).
  Result<storage::Page<User>> ListSellers(const Caller& caller, const storage::Tx::SellerQuery& q);
  Result<User> GetSeller(const Caller& caller, UserId id);
  Result<User> CreateSeller(const Caller& caller, const NewSeller& seller, Timestamp now);
  Result<User> UpdateSeller(const Caller& caller, UserId id, const NewSeller& patch, Timestamp now);
  Status DeleteSeller(const Caller& caller, UserId id, Timestamp now);
  // Both e-mail a link: at most kLinkMailsPerPerson per person, else kTooManyRequests.
  Status RenewInvitation(const Caller& caller, const std::string& email, Timestamp now);
  Status ResetPasswordOf(const Caller& caller, const std::string& email, Timestamp now);

  // Acting as a customer: tokens of the account's first active Administrators user (or of a
  // given user), marked with the staff member who acts. Refused for deleted accounts and for
  // blocked people (kFailedPrecondition).
  Result<TokenPair> ImpersonateAccount(const Caller& caller, ClientId client, Timestamp now);
  Result<TokenPair> ImpersonateUser(const Caller& caller, UserId user, Timestamp now);
  Result<WebSignIn> ImpersonateInPortal(const Caller& caller, ClientId client, Timestamp now);

 private:
  Result<User> TargetFor(storage::Tx& tx, const Caller& caller, ClientId client);
  Status SendLink(storage::Tx& tx, const User& user, LinkPurpose purpose, int64_t hours,
                  Timestamp now);
  // Inserts an invited person and e-mails the invitation, valid for `hours`.
  Result<User> InsertInvited(storage::Tx& tx, const User& draft, int64_t hours, Timestamp now);

  storage::Database& db_;
  AuthService& auth_;
  std::string public_url_;
};

}  // namespace clientele

#include "domain/people.h"

#include "domain/people_internal.h"
#include "domain/validation.h"

// Sellers of an organisation (the reseller only).
namespace clientele {

using people_internal::Normalised;
using people_internal::EmailTakenAsField;
using people_internal::kEmailTaken;

namespace {

Status RequireReseller(const Caller& caller) {
  return caller.type == UserType::kReseller ? Ok() : Status(PermissionDenied());
}

Status CheckSellerFields(FieldErrors& errors, const NewSeller& s, bool creating) {
  if (creating || !s.email.empty())
    if (auto bad = validation::CheckEmail(validation::Trim(s.email))) errors.Add("email", *bad);
  if (creating || !s.full_name.empty())
    if (auto bad = validation::CheckText(s.full_name, 1, validation::kMaxName))
      errors.Add("full_name", *bad);
  if (s.phone && !s.phone->empty())
    if (auto bad = validation::CheckPhone(*s.phone)) errors.Add("phone", *bad);
  return Ok();
}

}  // namespace

Result<storage::Page<User>> PeopleService::ListSellers(const Caller& caller,
                                                       const storage::Tx::SellerQuery& q) {
  TRY_STATUS(RequireReseller(caller));
  storage::Page<User> page;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(page, tx.ListSellers(caller.org, q));
    return Ok();
  }));
  return page;
}

Result<User> PeopleService::GetSeller(const Caller& caller, UserId id) {
  TRY_STATUS(RequireReseller(caller));
  std::optional<User> out;
  TRY_STATUS(db_.Read([&](storage::Tx& tx) -> Status {
    TRY(out, tx.GetUser(caller.org, id));
    if (out->type != UserType::kSeller) return NotFound();
    return Ok();
  }));
  return std::move(*out);
}

Result<User> PeopleService::CreateSeller(const Caller& caller, const NewSeller& s, Timestamp now) {
  TRY_STATUS(RequireReseller(caller));
  FieldErrors errors = s.type_errors;
  TRY_STATUS(CheckSellerFields(errors, s, true));
  if (!errors.empty()) return errors.ToError();
  std::optional<User> out;
  TRY_STATUS(EmailTakenAsField(db_.Write([&](storage::Tx& tx) -> Status {
    std::string email = validation::Trim(s.email);
    TRY(auto existing, tx.FindUserByEmail(caller.org, email));
    if (existing) return FieldError("email", kEmailTaken);
    User u;
    u.org = caller.org;
    u.email = email;
    u.name = validation::Trim(s.full_name);
    u.phone = Normalised(s.phone);
    u.type = UserType::kSeller;
    u.created_at = now;
    u.invited_at = now;
    TRY(out, InsertInvited(tx, u, kSellerInvitationHours, now));
    return Ok();
  })));
  return std::move(*out);
}

Result<User> PeopleService::UpdateSeller(const Caller& caller, UserId id, const NewSeller& s,
                                         Timestamp) {
  TRY_STATUS(RequireReseller(caller));
  FieldErrors errors = s.type_errors;
  TRY_STATUS(CheckSellerFields(errors, s, false));
  if (!errors.empty()) return errors.ToError();
  std::optional<User> out;
  TRY_STATUS(db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User u, tx.GetUser(caller.org, id));
    if (u.type != UserType::kSeller || u.deleted) return NotFound();
    if (!s.email.empty() && validation::EmailKey(s.email) != validation::EmailKey(u.email)) {
      TRY(auto existing, tx.FindUserByEmail(caller.org, validation::Trim(s.email)));
      if (existing) return FieldError("email", kEmailTaken);
      u.email = validation::Trim(s.email);
    }
    if (!s.full_name.empty()) u.name = validation::Trim(s.full_name);
    if (s.phone) u.phone = Normalised(s.phone);
    TRY_STATUS(tx.UpdateUser(u));
    out = u;
    return Ok();
  }));
  return std::move(*out);
}

Status PeopleService::DeleteSeller(const Caller& caller, UserId id, Timestamp) {
  TRY_STATUS(RequireReseller(caller));
  return db_.Write([&](storage::Tx& tx) -> Status {
    TRY(User u, tx.GetUser(caller.org, id));
    if (u.type != UserType::kSeller || u.deleted) return NotFound();
    u.deleted = true;
    TRY_STATUS(tx.UpdateUser(u));
    TRY(int64_t unassigned, tx.UnassignSeller(caller.org, u.id));
    (void)unassigned;
    return tx.RevokeAccess(caller.org, u.id);
  });
}

}  // namespace clientele

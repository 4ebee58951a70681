#include "domain/email_outbox.h"

namespace clientele {

Result<Brand> BrandOf(storage::Tx& tx, OrgId org) {
  TRY(Branding branding, tx.GetBranding(org));
  Brand brand{branding.brand_name, branding.support_email, "en"};
  TRY(Organisation organisation, tx.GetOrganisation(org));
  if (brand.name.empty()) brand.name = organisation.name;
  if (organisation.reseller_client) {
    TRY(Client own, tx.GetClient(org, *organisation.reseller_client));
    if (brand.support_email.empty()) brand.support_email = own.email;
    brand.lang = own.lang;
  }
  return brand;
}

Status QueueEmail(storage::Tx& tx, OrgId org, mail::EmailKind kind, const EmailRecipient& to,
                  mail::EmailContext context, const std::string& dedupe_key, Timestamp now) {
  TRY(Brand brand, BrandOf(tx, org));
  if (context.brand_name.empty()) context.brand_name = brand.name;
  if (context.support_email.empty()) context.support_email = brand.support_email;
  if (context.recipient_name.empty()) context.recipient_name = to.name;
  mail::RenderedEmail rendered = mail::Render(kind, to.lang, context);
  OutboxEmail email;
  email.org = org;
  email.kind = std::string(mail::EmailKindName(kind));
  email.dedupe_key = dedupe_key;
  email.to_address = to.address;
  email.to_name = to.name;
  email.subject = std::move(rendered.subject);
  email.text_body = std::move(rendered.text);
  email.html_body = std::move(rendered.html);
  email.next_attempt_at = now;
  email.created_at = now;
  TRY(bool queued, tx.EnqueueEmail(email));
  (void)queued;  // false: this event's e-mail is already queued
  return Ok();
}

}  // namespace clientele

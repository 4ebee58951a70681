#include <string>

#include "storage/sql/rows.h"
#include "storage/sql/tx.h"

// OrganisationStore: organisations, their timing, branding and mail server.
namespace clientele::storage::sql {

Result<Organisation> SqlTx::InsertOrganisation(const NewOrganisation& d, Timestamp now) {
  return Guard([&]() -> Result<Organisation> {
    int64_t id = s_.Int(
        "INSERT INTO organisations (name, trial_days, days_to_deleted, created_at) "
        "VALUES ($1, $2, $3, $4) RETURNING id",
        {Arg(d.name), Arg(d.trial_days), Arg(d.days_to_deleted), Arg(now)});
    return GetOrganisation(OrgId{id});
  });
}

Result<Organisation> SqlTx::GetOrganisation(OrgId org) {
  return Guard([&]() -> Result<Organisation> {
    auto o = s_.First(
        "SELECT " + std::string(kOrganisationColumns) + " FROM organisations WHERE id = $1",
        {Arg(org)}, ReadOrganisation);
    if (!o) return NotFound();
    return *o;
  });
}

Status SqlTx::SetResellerClient(OrgId org, ClientId client) {
  return Guard([&]() -> Status {
    auto n = s_.Exec("UPDATE organisations SET reseller_client_id = $2 WHERE id = $1",
                     {Arg(org), Arg(client)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Result<std::vector<Organisation>> SqlTx::ListOrganisations() {
  return Guard([&]() -> Result<std::vector<Organisation>> {
    return s_.All("SELECT " + std::string(kOrganisationColumns) + " FROM organisations ORDER BY id",
                  {}, ReadOrganisation);
  });
}

Status SqlTx::SetOrganisationLimits(OrgId org, int max_trial_days, int max_days_to_deleted) {
  return Guard([&]() -> Status {
    auto n = s_.Exec(
        "UPDATE organisations SET max_trial_days = $2, max_days_to_deleted = $3 WHERE id = $1",
        {Arg(org), Arg(max_trial_days), Arg(max_days_to_deleted)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Status SqlTx::SetOrganisationTiming(OrgId org, int trial_days, int days_to_deleted) {
  return Guard([&]() -> Status {
    auto n = s_.Exec("UPDATE organisations SET trial_days = $2, days_to_deleted = $3 WHERE id = $1",
                     {Arg(org), Arg(trial_days), Arg(days_to_deleted)});
    return n == 1 ? Ok() : Status(NotFound());
  });
}

Result<Branding> SqlTx::GetBranding(OrgId org) {
  return Guard([&]() -> Result<Branding> {
    Branding b;
    b.org = org;
    s_.Run(
        "SELECT brand_name, from_email, support_email, support_phone, website_link, "
        "agreement_link, api_docs_link, knowledge_base_link, status_page_link, header_color, "
        "primary_color, logo, smtp_host, smtp_port, smtp_tls, smtp_login, smtp_password, "
        "updated_at FROM branding WHERE org_id = $1",
        std::initializer_list<Param>{Arg(org)}, [&](const Row& s) {
          b.brand_name = s.Text(0);
          b.from_email = s.Text(1);
          b.support_email = s.Text(2);
          b.support_phone = s.Text(3);
          b.website_link = s.Text(4);
          b.agreement_link = s.Text(5);
          b.api_docs_link = s.Text(6);
          b.knowledge_base_link = s.Text(7);
          b.status_page_link = s.Text(8);
          b.header_color = s.Text(9);
          b.primary_color = s.Text(10);
          b.logo = s.Text(11);
          b.smtp_host = s.Text(12);
          b.smtp_port = static_cast<int>(s.Int(13));
          b.smtp_tls = s.Text(14);
          b.smtp_login = s.Text(15);
          if (!s.IsNull(16)) b.smtp_password_sealed = s.Blob(16);
          b.updated_at = s.Time(17);
        });
    return b;
  });
}

Status SqlTx::PutBranding(const Branding& b) {
  return Guard([&]() -> Status {
    s_.Exec(
        "INSERT INTO branding (org_id, brand_name, from_email, support_email, support_phone, "
        "website_link, agreement_link, api_docs_link, knowledge_base_link, status_page_link, "
        "header_color, primary_color, logo, smtp_host, smtp_port, smtp_tls, smtp_login, "
        "smtp_password, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, "
        "$13, $14, $15, $16, $17, $18, $19) ON CONFLICT (org_id) DO UPDATE SET "
        "brand_name = excluded.brand_name, from_email = excluded.from_email, "
        "support_email = excluded.support_email, support_phone = excluded.support_phone, "
        "website_link = excluded.website_link, agreement_link = excluded.agreement_link, "
        "api_docs_link = excluded.api_docs_link, "
        "knowledge_base_link = excluded.knowledge_base_link, "
        "status_page_link = excluded.status_page_link, header_color = excluded.header_color, "
        "primary_color = excluded.primary_color, logo = excluded.logo, "
        "smtp_host = excluded.smtp_host, smtp_port = excluded.smtp_port, "
        "smtp_tls = excluded.smtp_tls, smtp_login = excluded.smtp_login, "
        "smtp_password = excluded.smtp_password, updated_at = excluded.updated_at",
        {Arg(b.org), Arg(b.brand_name), Arg(b.from_email), Arg(b.support_email),
         Arg(b.support_phone), Arg(b.website_link), Arg(b.agreement_link), Arg(b.api_docs_link),
         Arg(b.knowledge_base_link), Arg(b.status_page_link), Arg(b.header_color),
         Arg(b.primary_color), Arg(b.logo), Arg(b.smtp_host), Arg(b.smtp_port), Arg(b.smtp_tls),
         Arg(b.smtp_login), OptBlob(b.smtp_password_sealed), Arg(b.updated_at)});
    return Ok();
  });
}

}  // namespace clientele::storage::sql

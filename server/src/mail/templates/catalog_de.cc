#include "mail/templates/catalog.h"

namespace clientele::mail::templates_internal {
namespace {

std::string Duration(int hours) {
  if (hours >= 48 && hours % 24 == 0) return std::to_string(hours / 24) + " Tage";
  return std::to_string(hours) + (hours == 1 ? " Stunde" : " Stunden");
}

Catalog Make() {
  Catalog c;
  c.code = "de";
  c.subject_prefix = P("[{brand}] ");
  c.greeting = P("Hallo {name},", "Guten Tag,");
  c.link_validity = "Der Link ist {validity} gültig.";
  c.link_fallback =
      "Falls die Schaltfläche nicht funktioniert, kopieren Sie diesen Link in Ihren Browser:";
  c.support = P("Bei Fragen erreichen Sie uns unter {support}.");
  c.closing = P("Viele Grüße\nIhr Team von {brand}", "Viele Grüße");
  c.staff_footer = P("Dies ist eine automatische Benachrichtigung von {brand}.",
                     "Dies ist eine automatische Benachrichtigung.");
  c.months = {"Januar", "Februar", "März",      "April",   "Mai",      "Juni",
              "Juli",   "August",  "September", "Oktober", "November", "Dezember"};
  c.date_format = "{d}. {month} {y}, {time} UTC";
  c.duration = Duration;

  using K = EmailKind;
  c.kinds[K::kTrialStarted] = {
      .subject = P("Ihr Testzeitraum für {product} hat begonnen"),
      .body = {P("Ihr Testzeitraum für {product} hat begonnen und läuft bis zum {when}.",
                 "Ihr Testzeitraum für {product} hat begonnen."),
               P("Wenn Sie {product} nach dem Testzeitraum weiter nutzen möchten, wenden Sie "
                 "sich bitte vor dessen Ende an uns.")},
  };
  c.kinds[K::kTrialEndsSoon] = {
      .subject = P("Ihr Testzeitraum für {product} endet bald"),
      .body = {P("Ihr Testzeitraum für {product} endet am {when}.",
                 "Ihr Testzeitraum für {product} endet bald."),
               P("Danach werden die Ressourcen des Produkts gesperrt. Damit Sie {product} ohne "
                 "Unterbrechung weiter nutzen können, wenden Sie sich bitte vorher an uns.")},
  };
  c.kinds[K::kTrialEnded] = {
      .subject = P("Ihr Testzeitraum für {product} ist abgelaufen"),
      .body = {P("Ihr Testzeitraum für {product} ist abgelaufen, und die Ressourcen des Produkts "
                 "wurden gesperrt."),
               P("Wenn Sie {product} weiter nutzen möchten, wenden Sie sich bitte an uns, damit "
                 "wir das Produkt aktivieren.")},
  };
  c.kinds[K::kProductDeleted] = {
      .subject = P("{product} wurde aus Ihrem Konto gelöscht"),
      .body = {P("{product} war gesperrt und wurde nun aus Ihrem Konto gelöscht. Die Ressourcen "
                 "des Produkts sind nicht mehr verfügbar."),
               P("Wenn Sie {product} wieder nutzen möchten, wenden Sie sich bitte an uns.")},
  };
  c.kinds[K::kActivationRequest] = {
      .subject =
          P("Aktivierungsanfrage: {product} für {company}", "Aktivierungsanfrage: {product}"),
      .body = {P("Ein Kunde bittet um die Aktivierung von {product}."), D("Firma: {company}"),
               D("Konto-ID: {account_id}"), D("Produkt: {product}"),
               D("Angefragt von: {user_email}"), P("Notiz: {note}"),
               P("Um das Produkt zu aktivieren, öffnen Sie das Kundenkonto im Admin-Portal und "
                 "schalten Sie {product} ein.")},
  };
  c.kinds[K::kSellerInvitation] = {
      .subject = P("Einladung zum Admin-Portal von {brand}", "Einladung zum Admin-Portal"),
      .body = {P("{brand} hat Sie als Verkäufer zum Admin-Portal eingeladen. Dort verwalten Sie "
                 "Kundenkonten.",
                 "Sie wurden als Verkäufer zum Admin-Portal eingeladen."),
               P("Um die Einladung anzunehmen, legen Sie Ihr Passwort fest.")},
      .action = "Passwort festlegen",
      .after = {P("Sie melden sich mit {user_email} an."),
                P("Falls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail "
                  "ignorieren.")},
  };
  c.kinds[K::kUserInvitation] = {
      .subject = P("Einladung zum Konto von {company}", "Einladung zu einem Konto"),
      .body = {P("Sie wurden eingeladen, dem Konto von {company} bei {brand} beizutreten.",
                 "Sie wurden eingeladen, einem Konto bei {brand} beizutreten."),
               P("Um die Einladung anzunehmen, legen Sie Ihr Passwort fest.")},
      .action = "Passwort festlegen",
      .after = {P("Sie melden sich mit {user_email} an."),
                P("Falls Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail "
                  "ignorieren.")},
  };
  c.kinds[K::kPasswordReset] = {
      .subject = P("Passwort zurücksetzen"),
      .body = {P("Wir haben eine Anfrage erhalten, das Passwort für {user_email} zurückzusetzen.",
                 "Wir haben eine Anfrage erhalten, Ihr Passwort zurückzusetzen.")},
      .action = "Passwort zurücksetzen",
      .after = {P("Falls Sie diese Anfrage nicht gestellt haben, ignorieren Sie diese E-Mail. "
                  "Ihr Passwort bleibt dann unverändert.")},
  };
  c.kinds[K::kPasswordChanged] = {
      .subject = P("Ihr Passwort wurde geändert"),
      .body = {P("Das Passwort für {user_email} wurde am {when} geändert.",
                 "Das Passwort für {user_email} wurde geändert.", "Ihr Passwort wurde geändert."),
               P("Falls Sie diese Änderung nicht vorgenommen haben, setzen Sie Ihr Passwort "
                 "zurück und wenden Sie sich umgehend an uns.")},
  };
  c.kinds[K::kUserAdded] = {
      .subject = P("Sie wurden zum Konto von {company} hinzugefügt",
                   "Sie wurden zu einem Konto hinzugefügt"),
      .body = {P("Sie wurden als Benutzer zum Konto von {company} bei {brand} hinzugefügt.",
                 "Sie wurden als Benutzer zu einem Konto bei {brand} hinzugefügt."),
               P("Melden Sie sich mit {user_email} an.")},
      .action = "Anmelden",
  };
  c.kinds[K::kDeletionRequested] = {
      .subject = P("Löschung beantragt: {company} (ID {account_id})",
                   "Löschung beantragt: Konto {account_id}"),
      .body = {P("Ein Kunde hat die Löschung seines Kontos beantragt. Alle Produkte des Kontos "
                 "wurden angehalten."),
               D("Firma: {company}"), D("Konto-ID: {account_id}"), D("Beantragt von: {user_email}"),
               P("Wenn niemand den Antrag storniert, wird das Konto am {when} gelöscht. Um das "
                 "Konto zu behalten, stornieren Sie den Antrag im Admin-Portal auf der "
                 "Registerkarte „Konto löschen“ des Kontos.",
                 "Um das Konto zu behalten, stornieren Sie den Antrag im Admin-Portal auf der "
                 "Registerkarte „Konto löschen“ des Kontos.")},
  };
  c.kinds[K::kDeletionCancelled] = {
      .subject = P("Löschantrag storniert: {company} (ID {account_id})",
                   "Löschantrag storniert: Konto {account_id}"),
      .body = {P("Der Löschantrag für dieses Konto wurde storniert, und die dadurch angehaltenen "
                 "Produkte wurden wiederhergestellt."),
               D("Firma: {company}"), D("Konto-ID: {account_id}"), D("Storniert von: {user_email}"),
               P("Notiz: {note}")},
  };
  c.kinds[K::kAccountDeleted] = {
      .subject = P("Konto gelöscht: {company} (ID {account_id})", "Konto gelöscht: {account_id}"),
      .body = {P("Das Konto wurde gelöscht. Seine Benutzer können sich nicht mehr anmelden; der "
                 "Verlauf bleibt im Admin-Portal einsehbar."),
               D("Firma: {company}"), D("Konto-ID: {account_id}"), D("Gelöscht am: {when}")},
  };
  c.kinds[K::kFailedLogin] = {
      .subject = P("Fehlgeschlagene Anmeldung für {user_email}", "Fehlgeschlagene Anmeldung"),
      .body = {P("Jemand hat erfolglos versucht, sich anzumelden."), D("Benutzer: {user_email}"),
               D("Zeitpunkt: {when}"), D("IP-Adresse: {ip}"),
               P("Nach wiederholten Fehlversuchen wird die Anmeldung für diesen Benutzer "
                 "vorübergehend gesperrt. Wenn Ihnen dieser Versuch unbekannt ist, überprüfen Sie "
                 "die Zugänge des Benutzers.")},
  };
  c.kinds[K::kSmtpTest] = {
      .subject = P("Test-E-Mail"),
      .body = {P("Dies ist eine Test-E-Mail von {brand}. Wenn Sie diese Nachricht lesen, "
                 "funktionieren Ihre SMTP-Einstellungen.",
                 "Dies ist eine Test-E-Mail. Wenn Sie diese Nachricht lesen, funktionieren Ihre "
                 "SMTP-Einstellungen."),
               D("Gesendet: {when}")},
  };
  return c;
}

}  // namespace

const Catalog& German() {
  static const Catalog catalog = Make();
  return catalog;
}

}  // namespace clientele::mail::templates_internal

#include "mail/templates/catalog.h"

// Azerbaijani, Latin script. Suffixes never attach to a placeholder (vowel harmony would depend
// on the value): "{product} məhsulu", "{company} şirkətinin".
namespace clientele::mail::templates_internal {
namespace {

std::string Duration(int hours) {
  if (hours >= 48 && hours % 24 == 0) return std::to_string(hours / 24) + " gün";
  return std::to_string(hours) + " saat";
}

Catalog Make() {
  Catalog c;
  c.code = "az";
  c.subject_prefix = P("[{brand}] ");
  c.greeting = P("Hörmətli {name},", "Hörmətli istifadəçi,");
  c.link_validity = "Keçid {validity} ərzində etibarlıdır.";
  c.link_fallback = "Düymə işləmirsə, bu keçidi kopyalayıb brauzerdə açın:";
  c.support = P("Suallarınız olarsa, {support} ünvanı ilə bizimlə əlaqə saxlayın.");
  c.closing = P("Hörmətlə,\n{brand} komandası", "Hörmətlə");
  c.staff_footer =
      P("Bu, {brand} tərəfindən göndərilən avtomatik bildirişdir.", "Bu, avtomatik bildirişdir.");
  c.months = {"yanvar", "fevral", "mart",     "aprel",   "may",    "iyun",
              "iyul",   "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"};
  c.date_format = "{d} {month} {y}, {time} UTC";
  c.duration = Duration;

  using K = EmailKind;
  c.kinds[K::kTrialStarted] = {
      .subject = P("{product} üçün sınaq müddəti başladı"),
      .body = {P("{product} məhsulu üçün sınaq müddətiniz başladı və {when} tarixinədək davam "
                 "edəcək.",
                 "{product} məhsulu üçün sınaq müddətiniz başladı."),
               P("Sınaq müddətindən sonra da {product} məhsulundan istifadə etmək üçün müddət "
                 "bitməzdən əvvəl bizimlə əlaqə saxlayın.")},
  };
  c.kinds[K::kTrialEndsSoon] = {
      .subject = P("{product} üçün sınaq müddəti tezliklə bitir"),
      .body = {P("{product} məhsulu üçün sınaq müddətiniz {when} tarixində bitir.",
                 "{product} məhsulu üçün sınaq müddətiniz tezliklə bitir."),
               P("Bundan sonra məhsulun resursları dayandırılacaq. {product} məhsulundan "
                 "fasiləsiz istifadə etmək üçün əvvəlcədən bizimlə əlaqə saxlayın.")},
  };
  c.kinds[K::kTrialEnded] = {
      .subject = P("{product} üçün sınaq müddəti bitdi"),
      .body = {P("{product} məhsulu üçün sınaq müddətiniz bitdi və məhsulun resursları "
                 "dayandırıldı."),
               P("{product} məhsulundan istifadəni davam etdirmək istəyirsinizsə, onu "
                 "aktivləşdirmək üçün bizimlə əlaqə saxlayın.")},
  };
  c.kinds[K::kProductDeleted] = {
      .subject = P("{product} məhsulu hesabınızdan silindi"),
      .body = {P("{product} məhsulu dayandırılmışdı və indi hesabınızdan silindi. Onun resursları "
                 "artıq əlçatan deyil."),
               P("{product} məhsulundan yenidən istifadə etmək istəsəniz, bizimlə əlaqə "
                 "saxlayın.")},
  };
  c.kinds[K::kActivationRequest] = {
      .subject =
          P("Aktivləşdirmə sorğusu: {company} üçün {product}", "Aktivləşdirmə sorğusu: {product}"),
      .body = {P("Müştəri {product} məhsulunun aktivləşdirilməsini xahiş edir."),
               D("Şirkət: {company}"), D("Hesab ID: {account_id}"), D("Məhsul: {product}"),
               D("Sorğunu göndərən: {user_email}"), P("Qeyd: {note}"),
               P("Məhsulu aktivləşdirmək üçün Admin Portalda müştərinin hesabını açın və "
                 "{product} məhsulunu aktiv edin.")},
  };
  c.kinds[K::kSellerInvitation] = {
      .subject = P("{brand} Admin Portalına dəvət", "Admin Portalına dəvət"),
      .body = {P("{brand} sizi satıcı kimi Admin Portalına dəvət edir. Orada müştəri hesablarını "
                 "idarə edəcəksiniz.",
                 "Siz satıcı kimi Admin Portalına dəvət olunmusunuz."),
               P("Dəvəti qəbul etmək üçün parolunuzu təyin edin.")},
      .action = "Parolu təyin et",
      .after = {P("Giriş üçün e-poçt ünvanınız: {user_email}."),
                P("Bu dəvəti gözləmirdinizsə, bu məktubu nəzərə almayın.")},
  };
  c.kinds[K::kUserInvitation] = {
      .subject = P("{company} hesabına dəvət", "Hesaba dəvət"),
      .body = {P("Siz {brand} platformasında {company} şirkətinin hesabına dəvət olunmusunuz.",
                 "Siz {brand} platformasında bir hesaba dəvət olunmusunuz."),
               P("Dəvəti qəbul etmək üçün parolunuzu təyin edin.")},
      .action = "Parolu təyin et",
      .after = {P("Giriş üçün e-poçt ünvanınız: {user_email}."),
                P("Bu dəvəti gözləmirdinizsə, bu məktubu nəzərə almayın.")},
  };
  c.kinds[K::kPasswordReset] = {
      .subject = P("Parolun sıfırlanması"),
      .body = {P("{user_email} üçün parolun sıfırlanması sorğusunu aldıq.",
                 "Parolunuzun sıfırlanması sorğusunu aldıq.")},
      .action = "Parolu sıfırla",
      .after = {P("Bu sorğunu siz göndərməmisinizsə, bu məktubu nəzərə almayın — parolunuz "
                  "dəyişməyəcək.")},
  };
  c.kinds[K::kPasswordChanged] = {
      .subject = P("Parolunuz dəyişdirildi"),
      .body = {P("{user_email} üçün parol {when} tarixində dəyişdirildi.",
                 "{user_email} üçün parol dəyişdirildi.", "Parolunuz dəyişdirildi."),
               P("Bu dəyişikliyi siz etməmisinizsə, parolunuzu sıfırlayın və dərhal bizimlə "
                 "əlaqə saxlayın.")},
  };
  c.kinds[K::kUserAdded] = {
      .subject = P("Siz {company} hesabına əlavə olundunuz", "Siz hesaba əlavə olundunuz"),
      .body = {P("Siz {brand} platformasında {company} şirkətinin hesabına istifadəçi kimi "
                 "əlavə olundunuz.",
                 "Siz {brand} platformasında bir hesaba istifadəçi kimi əlavə olundunuz."),
               P("Giriş üçün e-poçt ünvanınız: {user_email}.")},
      .action = "Daxil ol",
  };
  c.kinds[K::kDeletionRequested] = {
      .subject =
          P("Silinmə sorğusu: {company} (ID {account_id})", "Silinmə sorğusu: hesab {account_id}"),
      .body = {P("Müştəri öz hesabının silinməsini tələb edib. Hesabın bütün məhsulları "
                 "dayandırılıb."),
               D("Şirkət: {company}"), D("Hesab ID: {account_id}"),
               D("Sorğunu göndərən: {user_email}"),
               P("Sorğu ləğv edilməsə, hesab {when} tarixində silinəcək. Hesabı saxlamaq üçün "
                 "Admin Portalda hesabın «Hesabı sil» bölməsində sorğunu ləğv edin.",
                 "Hesabı saxlamaq üçün Admin Portalda hesabın «Hesabı sil» bölməsində sorğunu "
                 "ləğv edin.")},
  };
  c.kinds[K::kDeletionCancelled] = {
      .subject = P("Silinmə sorğusu ləğv edildi: {company} (ID {account_id})",
                   "Silinmə sorğusu ləğv edildi: hesab {account_id}"),
      .body = {P("Bu hesabın silinmə sorğusu ləğv edildi və sorğu ilə dayandırılmış məhsullar "
                 "bərpa olundu."),
               D("Şirkət: {company}"), D("Hesab ID: {account_id}"), D("Ləğv edən: {user_email}"),
               P("Qeyd: {note}")},
  };
  c.kinds[K::kAccountDeleted] = {
      .subject = P("Hesab silindi: {company} (ID {account_id})", "Hesab silindi: {account_id}"),
      .body = {P("Hesab silindi. Onun istifadəçiləri artıq daxil ola bilməz; hesabın tarixçəsi "
                 "Admin Portalda əlçatan qalır."),
               D("Şirkət: {company}"), D("Hesab ID: {account_id}"), D("Silinmə vaxtı: {when}")},
  };
  c.kinds[K::kFailedLogin] = {
      .subject = P("Uğursuz giriş cəhdi: {user_email}", "Uğursuz giriş cəhdi"),
      .body = {P("Kimsə sistemə daxil olmağa cəhd etdi, lakin bu alınmadı."),
               D("İstifadəçi: {user_email}"), D("Vaxt: {when}"), D("IP ünvanı: {ip}"),
               P("Təkrarlanan uğursuz cəhdlərdən sonra bu istifadəçi üçün giriş müvəqqəti "
                 "bloklanır. Bu cəhd sizə tanış deyilsə, istifadəçinin giriş hüquqlarını "
                 "yoxlayın.")},
  };
  c.kinds[K::kSmtpTest] = {
      .subject = P("Test məktubu"),
      .body = {P("Bu, {brand} tərəfindən göndərilən test məktubudur. Onu oxuyursunuzsa, SMTP "
                 "ayarlarınız işləyir.",
                 "Bu, test məktubudur. Onu oxuyursunuzsa, SMTP ayarlarınız işləyir."),
               D("Göndərilmə vaxtı: {when}")},
  };
  return c;
}

}  // namespace

const Catalog& Azerbaijani() {
  static const Catalog catalog = Make();
  return catalog;
}

}  // namespace clientele::mail::templates_internal

#include "mail/templates/catalog.h"

namespace clientele::mail::templates_internal {
namespace {

std::string Duration(int hours) {
  if (hours >= 48 && hours % 24 == 0) return std::to_string(hours / 24) + " 天";
  return std::to_string(hours) + " 小时";
}

Catalog Make() {
  Catalog c;
  c.code = "zh";
  c.subject_prefix = P("【{brand}】");
  c.greeting = P("{name}，您好：", "您好：");
  c.link_validity = "该链接的有效期为 {validity}。";
  c.link_fallback = "如果按钮无法使用，请将以下链接复制到浏览器中打开：";
  c.colon = "：";
  c.support = P("如有任何疑问，请联系 {support}。");
  c.closing = P("祝好！\n{brand} 团队", "祝好！");
  c.staff_footer = P("这是一封来自 {brand} 的自动通知。", "这是一封自动通知。");
  c.months = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"};
  c.date_format = "{y}年{mo}月{d}日 {time}（UTC）";
  c.duration = Duration;

  using K = EmailKind;
  c.kinds[K::kTrialStarted] = {
      .subject = P("您的 {product} 试用期已开始"),
      .body = {P("您的 {product} 试用期已开始，将持续至 {when}。", "您的 {product} 试用期已开始。"),
               P("如需在试用期结束后继续使用 {product}，请在试用期结束前与我们联系。")},
  };
  c.kinds[K::kTrialEndsSoon] = {
      .subject = P("您的 {product} 试用期即将结束"),
      .body =
          {P("您的 {product} 试用期将于 {when} 结束。", "您的 {product} 试用期即将结束。"),
           P("试用期结束后，该产品的资源将被暂停。如需不间断地使用 {product}，请提前与我们联系。")},
  };
  c.kinds[K::kTrialEnded] = {
      .subject = P("您的 {product} 试用期已结束"),
      .body = {P("您的 {product} 试用期已结束，该产品的资源已被暂停。"),
               P("如需继续使用 {product}，请联系我们进行激活。")},
  };
  c.kinds[K::kProductDeleted] = {
      .subject = P("{product} 已从您的账户中删除"),
      .body = {P("{product} 此前已被暂停，现已从您的账户中删除，其资源将不再可用。"),
               P("如果您希望再次使用 {product}，请与我们联系。")},
  };
  c.kinds[K::kActivationRequest] = {
      .subject = P("激活申请：{company} 申请开通 {product}", "激活申请：{product}"),
      .body = {P("有客户申请激活 {product}。"), D("公司：{company}"), D("账户 ID：{account_id}"),
               D("产品：{product}"), D("申请人：{user_email}"), P("备注：{note}"),
               P("如需激活该产品，请在管理门户中打开该客户的账户并启用 {product}。")},
  };
  c.kinds[K::kSellerInvitation] = {
      .subject = P("邀请您加入 {brand} 管理门户", "邀请您加入管理门户"),
      .body = {P("{brand} 邀请您以销售人员身份加入其管理门户，您将在那里管理客户账户。",
                 "您已受邀以销售人员身份加入管理门户。"),
               P("请设置密码以接受邀请。")},
      .action = "设置密码",
      .after = {P("您的登录邮箱为 {user_email}。"), P("如果您并未预期收到此邀请，请忽略此邮件。")},
  };
  c.kinds[K::kUserInvitation] = {
      .subject = P("邀请您加入 {company} 的账户", "邀请您加入账户"),
      .body = {P("您已受邀加入 {company} 在 {brand} 的账户。", "您已受邀加入 {brand} 的一个账户。"),
               P("请设置密码以接受邀请。")},
      .action = "设置密码",
      .after = {P("您的登录邮箱为 {user_email}。"), P("如果您并未预期收到此邀请，请忽略此邮件。")},
  };
  c.kinds[K::kPasswordReset] = {
      .subject = P("重置密码"),
      .body = {P("我们收到了重置 {user_email} 密码的请求。", "我们收到了重置您密码的请求。")},
      .action = "重置密码",
      .after = {P("如果这不是您本人的操作，请忽略此邮件，您的密码不会被更改。")},
  };
  c.kinds[K::kPasswordChanged] = {
      .subject = P("您的密码已更改"),
      .body = {P("{user_email} 的密码已于 {when} 更改。", "{user_email} 的密码已更改。",
                 "您的密码已更改。"),
               P("如果这不是您本人的操作，请立即重置密码并与我们联系。")},
  };
  c.kinds[K::kUserAdded] = {
      .subject = P("您已被添加到 {company} 的账户", "您已被添加到一个账户"),
      .body = {P("您已作为用户被添加到 {company} 在 {brand} 的账户。",
                 "您已作为用户被添加到 {brand} 的一个账户。"),
               P("请使用 {user_email} 登录。")},
      .action = "登录",
  };
  c.kinds[K::kDeletionRequested] = {
      .subject = P("删除申请：{company}（ID {account_id}）", "删除申请：账户 {account_id}"),
      .body = {P("有客户申请删除其账户，该账户的所有产品均已停止。"), D("公司：{company}"),
               D("账户 ID：{account_id}"), D("申请人：{user_email}"),
               P("如果该申请未被取消，该账户将于 {when} "
                 "被删除。如需保留该账户，请在管理门户中该账户的“删除账户”选项卡上取消申请。",
                 "如需保留该账户，请在管理门户中该账户的“删除账户”选项卡上取消申请。")},
  };
  c.kinds[K::kDeletionCancelled] = {
      .subject =
          P("删除申请已取消：{company}（ID {account_id}）", "删除申请已取消：账户 {account_id}"),
      .body = {P("该账户的删除申请已取消，因该申请而停止的产品已恢复。"), D("公司：{company}"),
               D("账户 ID：{account_id}"), D("取消人：{user_email}"), P("备注：{note}")},
  };
  c.kinds[K::kAccountDeleted] = {
      .subject = P("账户已删除：{company}（ID {account_id}）", "账户已删除：{account_id}"),
      .body = {P("该账户已被删除，其用户将无法再登录；账户的历史记录仍可在管理门户中查看。"),
               D("公司：{company}"), D("账户 ID：{account_id}"), D("删除时间：{when}")},
  };
  c.kinds[K::kFailedLogin] = {
      .subject = P("{user_email} 登录失败", "登录失败"),
      .body = {P("有人尝试登录，但未成功。"), D("用户：{user_email}"), D("时间：{when}"),
               D("IP 地址：{ip}"),
               P("多次登录失败后，该用户的登录将被暂时锁定。如果您不认识这次尝试，请检查该用户的访"
                 "问权限。")},
  };
  c.kinds[K::kSmtpTest] = {
      .subject = P("测试邮件"),
      .body = {P("这是一封来自 {brand} 的测试邮件。如果您能看到此邮件，说明您的 SMTP 设置有效。",
                 "这是一封测试邮件。如果您能看到此邮件，说明您的 SMTP 设置有效。"),
               D("发送时间：{when}")},
  };
  return c;
}

}  // namespace

const Catalog& Chinese() {
  static const Catalog catalog = Make();
  return catalog;
}

}  // namespace clientele::mail::templates_internal

#include "mail/templates/catalog.h"

namespace clientele::mail::templates_internal {
namespace {

std::string Duration(int hours) {
  if (hours >= 48 && hours % 24 == 0) return std::to_string(hours / 24) + " days";
  return std::to_string(hours) + (hours == 1 ? " hour" : " hours");
}

Catalog Make() {
  Catalog c;
  c.code = "en";
  c.subject_prefix = P("[{brand}] ");
  c.greeting = P("Hello {name},", "Hello,");
  c.link_validity = "This link is valid for {validity}.";
  c.link_fallback = "If the button does not work, copy this link into your browser:";
  c.support = P("If you have any questions, contact us at {support}.");
  c.closing = P("Best regards,\nThe {brand} team", "Best regards");
  c.staff_footer =
      P("This is an automatic notification from {brand}.", "This is an automatic notification.");
  c.months = {"January", "February", "March",     "April",   "May",      "June",
              "July",    "August",   "September", "October", "November", "December"};
  c.date_format = "{d} {month} {y}, {time} UTC";
  c.duration = Duration;

  using K = EmailKind;
  c.kinds[K::kTrialStarted] = {
      .subject = P("Your {product} trial has started"),
      .body = {P("Your trial of {product} has started. It runs until {when}.",
                 "Your trial of {product} has started."),
               P("To keep using {product} after the trial, please contact us before it ends.")},
  };
  c.kinds[K::kTrialEndsSoon] = {
      .subject = P("Your {product} trial ends soon"),
      .body = {P("Your trial of {product} ends on {when}.", "Your trial of {product} ends soon."),
               P("After that, the product's resources will be suspended. To keep using "
                 "{product} without interruption, please contact us before then.")},
  };
  c.kinds[K::kTrialEnded] = {
      .subject = P("Your {product} trial has ended"),
      .body = {P("Your trial of {product} has ended, and the product's resources have been "
                 "suspended."),
               P("To continue using {product}, please contact us to activate it.")},
  };
  c.kinds[K::kProductDeleted] = {
      .subject = P("{product} has been deleted from your account"),
      .body = {P("{product} was suspended and has now been deleted from your account. Its "
                 "resources are no longer available."),
               P("If you would like to use {product} again, please contact us.")},
  };
  c.kinds[K::kActivationRequest] = {
      .subject = P("Activation request: {product} for {company}", "Activation request: {product}"),
      .body = {P("A customer asks to activate {product}."), D("Company: {company}"),
               D("Account ID: {account_id}"), D("Product: {product}"),
               D("Requested by: {user_email}"), P("Note: {note}"),
               P("To activate the product, open the customer's account in the Admin Portal and "
                 "turn on {product}.")},
  };
  c.kinds[K::kSellerInvitation] = {
      .subject =
          P("You are invited to the {brand} Admin Portal", "You are invited to the Admin Portal"),
      .body = {P("{brand} has invited you to its Admin Portal as a seller. There you will manage "
                 "customer accounts.",
                 "You have been invited to the Admin Portal as a seller."),
               P("To accept the invitation, set your password.")},
      .action = "Set your password",
      .after = {P("You will sign in with {user_email}."),
                P("If you did not expect this invitation, you can ignore this e-mail.")},
  };
  c.kinds[K::kUserInvitation] = {
      .subject = P("You are invited to join {company}", "You are invited to join an account"),
      .body = {P("You have been invited to join the account of {company} at {brand}.",
                 "You have been invited to join an account at {brand}."),
               P("To accept the invitation, set your password.")},
      .action = "Set your password",
      .after = {P("You will sign in with {user_email}."),
                P("If you did not expect this invitation, you can ignore this e-mail.")},
  };
  c.kinds[K::kPasswordReset] = {
      .subject = P("Reset your password"),
      .body = {P("We received a request to reset the password for {user_email}.",
                 "We received a request to reset your password.")},
      .action = "Reset password",
      .after = {P("If you did not request this, ignore this e-mail: your password will not "
                  "change.")},
  };
  c.kinds[K::kPasswordChanged] = {
      .subject = P("Your password has been changed"),
      .body = {P("The password for {user_email} was changed on {when}.",
                 "The password for {user_email} has been changed.",
                 "Your password has been changed."),
               P("If you did not make this change, reset your password and contact us "
                 "immediately.")},
  };
  c.kinds[K::kUserAdded] = {
      .subject =
          P("You have been added to the account of {company}", "You have been added to an account"),
      .body = {P("You have been added as a user to the account of {company} at {brand}.",
                 "You have been added as a user to an account at {brand}."),
               P("Sign in with {user_email}.")},
      .action = "Sign in",
  };
  c.kinds[K::kDeletionRequested] = {
      .subject = P("Deletion requested: {company} (ID {account_id})",
                   "Deletion requested: account {account_id}"),
      .body = {P("A customer has requested the deletion of its account. All products of the "
                 "account have been stopped."),
               D("Company: {company}"), D("Account ID: {account_id}"),
               D("Requested by: {user_email}"),
               P("Unless the request is cancelled, the account will be deleted on {when}. To "
                 "keep the account, cancel the request on its \"Delete account\" tab in the "
                 "Admin Portal.",
                 "To keep the account, cancel the request on its \"Delete account\" tab in the "
                 "Admin Portal.")},
  };
  c.kinds[K::kDeletionCancelled] = {
      .subject = P("Deletion request cancelled: {company} (ID {account_id})",
                   "Deletion request cancelled: account {account_id}"),
      .body = {P("The deletion request for this account has been cancelled, and the products it "
                 "stopped have been restored."),
               D("Company: {company}"), D("Account ID: {account_id}"),
               D("Cancelled by: {user_email}"), P("Note: {note}")},
  };
  c.kinds[K::kAccountDeleted] = {
      .subject = P("Account deleted: {company} (ID {account_id})", "Account deleted: {account_id}"),
      .body = {P("The account has been deleted. Its users can no longer sign in; its history "
                 "remains available in the Admin Portal."),
               D("Company: {company}"), D("Account ID: {account_id}"), D("Deleted: {when}")},
  };
  c.kinds[K::kFailedLogin] = {
      .subject = P("Failed sign-in attempt for {user_email}", "Failed sign-in attempt"),
      .body = {P("Someone tried to sign in and failed."), D("User: {user_email}"),
               D("Time: {when}"), D("IP address: {ip}"),
               P("Repeated failures lock sign-in for this user for a while. If you do not "
                 "recognise this attempt, review the user's access.")},
  };
  c.kinds[K::kSmtpTest] = {
      .subject = P("Test e-mail"),
      .body = {P("This is a test e-mail from {brand}. If you are reading it, your SMTP settings "
                 "work.",
                 "This is a test e-mail. If you are reading it, your SMTP settings work."),
               D("Sent: {when}")},
  };
  return c;
}

}  // namespace

const Catalog& English() {
  static const Catalog catalog = Make();
  return catalog;
}

}  // namespace clientele::mail::templates_internal

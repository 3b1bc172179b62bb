#include "render/default_templates.h"

#include <algorithm>

namespace herald::render {

namespace {
using domain::Channel;

struct Default {
  const char* key;
  Channel channel;
  const char* locale;
  const char* subject;
  const char* html;
  const char* text;
  const char* sms;
};

// Variables: data.* as posted, customer.id, cart.id, order.id, store.name, store.owner_email.
const Default kDefaults[] = {
    {"password_reset", Channel::email, "en", "Reset your password at {{store.name}}",
     "<p>Someone asked to reset the password of your {{store.name}} account.</p>"
     "<p><a href=\"{{data.reset_url}}\">Choose a new password</a></p>"
     "<p>If it was not you, ignore this email.</p>",
     "Someone asked to reset the password of your {{store.name}} account.\n"
     "Choose a new password: {{data.reset_url}}\nIf it was not you, ignore this email.\n",
     ""},
    {"password_reset", Channel::email, "nb", "Tilbakestill passordet ditt hos {{store.name}}",
     "<p>Noen ba om å tilbakestille passordet til kontoen din hos {{store.name}}.</p>"
     "<p><a href=\"{{data.reset_url}}\">Velg nytt passord</a></p>"
     "<p>Var det ikke deg, kan du se bort fra denne e-posten.</p>",
     "Noen ba om å tilbakestille passordet til kontoen din hos {{store.name}}.\n"
     "Velg nytt passord: {{data.reset_url}}\n"
     "Var det ikke deg, kan du se bort fra denne e-posten.\n",
     ""},
    {"contact_form", Channel::email, "en", "Contact form: {{data.subject}}",
     "<p>From: {{data.name}} &lt;{{data.email}}&gt;</p><p>{{data.message}}</p>",
     "From: {{data.name}} <{{data.email}}>\n\n{{data.message}}\n", ""},
    {"contact_form", Channel::email, "nb", "Kontaktskjema: {{data.subject}}",
     "<p>Fra: {{data.name}} &lt;{{data.email}}&gt;</p><p>{{data.message}}</p>",
     "Fra: {{data.name}} <{{data.email}}>\n\n{{data.message}}\n", ""},
    {"order_confirmation", Channel::email, "en", "Order {{data.order_number}} confirmed",
     "<p>Thank you for your order at {{store.name}}.</p>"
     "<p>Order {{data.order_number}}{{#data.total}}, total {{data.total}}{{/data.total}}.</p>",
     "Thank you for your order at {{store.name}}.\n"
     "Order {{data.order_number}}{{#data.total}}, total {{data.total}}{{/data.total}}.\n",
     ""},
    {"order_confirmation", Channel::email, "nb", "Ordre {{data.order_number}} er bekreftet",
     "<p>Takk for bestillingen hos {{store.name}}.</p>"
     "<p>Ordre {{data.order_number}}{{#data.total}}, totalt {{data.total}}{{/data.total}}.</p>",
     "Takk for bestillingen hos {{store.name}}.\n"
     "Ordre {{data.order_number}}{{#data.total}}, totalt {{data.total}}{{/data.total}}.\n",
     ""},
    {"b2b_registration_request", Channel::email, "en", "Business account request: {{data.company}}",
     "<p>{{data.name}} ({{data.email}}) asks for a business account for {{data.company}}"
     "{{#data.org_number}}, org. no. {{data.org_number}}{{/data.org_number}}.</p>"
     "<p><a href=\"{{data.approve_url}}\">Approve</a></p>",
     "{{data.name}} ({{data.email}}) asks for a business account for {{data.company}}.\n"
     "Approve: {{data.approve_url}}\n",
     ""},
    {"b2b_registration_request", Channel::email, "nb",
     "Forespørsel om bedriftskonto: {{data.company}}",
     "<p>{{data.name}} ({{data.email}}) ber om bedriftskonto for {{data.company}}"
     "{{#data.org_number}}, org.nr. {{data.org_number}}{{/data.org_number}}.</p>"
     "<p><a href=\"{{data.approve_url}}\">Godkjenn</a></p>",
     "{{data.name}} ({{data.email}}) ber om bedriftskonto for {{data.company}}.\n"
     "Godkjenn: {{data.approve_url}}\n",
     ""},
    {"b2b_registration_approved", Channel::email, "en",
     "Your business account at {{store.name}} is approved",
     "<p>Your business account for {{data.company}} is approved.</p>"
     "{{#data.login_url}}<p><a href=\"{{data.login_url}}\">Log in</a></p>{{/data.login_url}}",
     "Your business account for {{data.company}} is approved.\n{{data.login_url}}\n", ""},
    {"b2b_registration_approved", Channel::email, "nb",
     "Bedriftskontoen din hos {{store.name}} er godkjent",
     "<p>Bedriftskontoen for {{data.company}} er godkjent.</p>"
     "{{#data.login_url}}<p><a href=\"{{data.login_url}}\">Logg inn</a></p>{{/data.login_url}}",
     "Bedriftskontoen for {{data.company}} er godkjent.\n{{data.login_url}}\n", ""},
    {"otp", Channel::sms, "en", "", "", "",
     "Your {{store.name}} code is {{data.code}}. Do not share it."},
    {"otp", Channel::sms, "nb", "", "", "",
     "Koden din hos {{store.name}} er {{data.code}}. Ikke del den med andre."},
    {"abandoned_cart", Channel::email, "en", "You left something in your cart",
     "<p>Your cart at {{store.name}} is waiting for you.</p>"
     "{{#data.cart_url}}<p><a href=\"{{data.cart_url}}\">Back to your "
     "cart</a></p>{{/data.cart_url}}",
     "Your cart at {{store.name}} is waiting for you.\n{{data.cart_url}}\n", ""},
    {"abandoned_cart", Channel::email, "nb", "Du har glemt noe i handlekurven",
     "<p>Handlekurven din hos {{store.name}} venter på deg.</p>"
     "{{#data.cart_url}}<p><a href=\"{{data.cart_url}}\">Tilbake til handlekurven</a></p>"
     "{{/data.cart_url}}",
     "Handlekurven din hos {{store.name}} venter på deg.\n{{data.cart_url}}\n", ""},
    {"abandoned_cart", Channel::sms, "en", "", "", "",
     "Your cart at {{store.name}} is waiting for you. {{data.cart_url}}"},
    {"abandoned_cart", Channel::sms, "nb", "", "", "",
     "Handlekurven din hos {{store.name}} venter på deg. {{data.cart_url}}"},
    {"newsletter", Channel::email, "en", "{{data.title}}", "{{{data.html}}}", "{{data.text}}", ""},
    {"newsletter", Channel::email, "nb", "{{data.title}}", "{{{data.html}}}", "{{data.text}}", ""},
};
}  // namespace

std::vector<domain::TemplateRecord> default_templates(const std::string& key) {
  std::vector<domain::TemplateRecord> out;
  for (const auto& d : kDefaults)
    if (key == d.key)
      out.push_back({d.key, d.channel, d.locale, d.subject, d.html, d.text, d.sms, 0});
  return out;
}

std::vector<domain::TemplateRecord> with_defaults(std::vector<domain::TemplateRecord> own,
                                                  const std::string& key) {
  auto has_own = [&own, n = own.size()](domain::Channel channel) {
    return std::any_of(own.begin(), own.begin() + static_cast<std::ptrdiff_t>(n),
                       [&](const auto& t) { return t.channel == channel; });
  };
  for (auto& d : default_templates(key))
    if (!has_own(d.channel)) own.push_back(std::move(d));
  return own;
}

}  // namespace herald::render

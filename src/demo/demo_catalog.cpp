#include "demo/demo_catalog.h"

#include <map>
#include <stdexcept>
#include <utility>

namespace herald::demo {

std::vector<DemoShop> demo_shops() {
  return {
      {"demo", "Nordlys Sko", "NO", "nb-NO", "eier@nordlys-sko.example", "nordlys-sko.example",
       "NOK", "NS", {"nb-NO", "nb-NO", "nb-NO", "en"},
       {"Sara", "Ola", "Kari", "Per", "Ingrid", "Lars", "Nora", "Emil", "Sofie", "Jonas",
        "Ida", "Magnus", "Thea", "Henrik", "Astrid"},
       "+479", 7},
      {"loja-sol", "Loja Sol", "BR", "pt-BR", "dono@lojasol.example", "lojasol.example", "BRL", "LS",
       {"pt-BR", "pt-BR", "pt-BR", "en"},
       {"João", "Maria", "Ana", "Pedro", "Lucas", "Juliana", "Gabriel", "Beatriz", "Rafael",
        "Camila", "Mateus", "Larissa", "Bruno", "Fernanda", "Tiago"},
       "+55119", 8},
  };
}

const std::vector<Product>& demo_products() {
  static const std::vector<Product> products{
      {"SHOE-RUN-42", "Running shoe, size 42", 1299}, {"BOOT-WIN-39", "Winter boot, size 39", 1899},
      {"SOCK-WOOL-3", "Wool socks, 3-pack", 249},     {"SNDL-SUM-40", "Summer sandal, size 40", 599},
      {"LACE-RED", "Red laces", 49},                  {"SHOE-KID-30", "Kids' sneaker, size 30", 699},
      {"BAG-GYM", "Gym bag", 449},                    {"CARE-KIT", "Shoe care kit", 199},
  };
  return products;
}

namespace {
using Key = std::pair<std::string_view, std::string_view>;

const std::map<Key, EventWording>& table() {
  static const std::map<Key, EventWording> t{
      {{"ORDER_PLACED", "en"}, {"We have your order {{order.number}}", "Thank you for your order! We have received it and will let you know when it ships.", "{{store.name}}: thank you! Order {{order.number}} is received."}},
      {{"ORDER_PLACED", "nb"}, {"Vi har mottatt ordren {{order.number}}", "Takk for bestillingen! Vi har mottatt den og gir beskjed når den sendes.", "{{store.name}}: takk! Ordre {{order.number}} er mottatt."}},
      {{"ORDER_PLACED", "pt"}, {"Recebemos seu pedido {{order.number}}", "Obrigado pela sua compra! Recebemos o pedido e avisaremos quando for enviado.", "{{store.name}}: obrigado! Pedido {{order.number}} recebido."}},
      {{"BAG_CONFIRMED", "en"}, {"Order {{order.number}} is confirmed", "Your order is confirmed and is being prepared.", "{{store.name}}: order {{order.number}} is confirmed."}},
      {{"BAG_CONFIRMED", "nb"}, {"Ordre {{order.number}} er bekreftet", "Ordren din er bekreftet og blir klargjort.", "{{store.name}}: ordre {{order.number}} er bekreftet."}},
      {{"BAG_CONFIRMED", "pt"}, {"Pedido {{order.number}} confirmado", "Seu pedido foi confirmado e está sendo preparado.", "{{store.name}}: pedido {{order.number}} confirmado."}},
      {{"BAG_PICKED", "en"}, {"Order {{order.number}} is packed", "Your items are picked and packed.", "{{store.name}}: order {{order.number}} is packed."}},
      {{"BAG_PICKED", "nb"}, {"Ordre {{order.number}} er pakket", "Varene dine er plukket og pakket.", "{{store.name}}: ordre {{order.number}} er pakket."}},
      {{"BAG_PICKED", "pt"}, {"Pedido {{order.number}} embalado", "Seus itens foram separados e embalados.", "{{store.name}}: pedido {{order.number}} embalado."}},
      {{"DELIVERY_PARTNER_ASSIGNED", "en"}, {"A courier has order {{order.number}}", "A delivery partner has been assigned to your order.", "{{store.name}}: a courier is assigned to order {{order.number}}."}},
      {{"DELIVERY_PARTNER_ASSIGNED", "nb"}, {"Bud er tildelt ordre {{order.number}}", "Et transportfirma er tildelt ordren din.", "{{store.name}}: bud er tildelt ordre {{order.number}}."}},
      {{"DELIVERY_PARTNER_ASSIGNED", "pt"}, {"Entregador definido para o pedido {{order.number}}", "Um parceiro de entrega foi designado para o seu pedido.", "{{store.name}}: entregador definido para o pedido {{order.number}}."}},
      {{"OUT_FOR_DELIVERY", "en"}, {"Order {{order.number}} is out for delivery", "Your parcel is on its way and arrives today.", "{{store.name}}: order {{order.number}} is out for delivery. Track: {{data.tracking_url}}"}},
      {{"OUT_FOR_DELIVERY", "nb"}, {"Ordre {{order.number}} er ute for levering", "Pakken din er på vei og kommer i dag.", "{{store.name}}: ordre {{order.number}} er ute for levering. Spor: {{data.tracking_url}}"}},
      {{"OUT_FOR_DELIVERY", "pt"}, {"Pedido {{order.number}} saiu para entrega", "Seu pacote está a caminho e chega hoje.", "{{store.name}}: pedido {{order.number}} saiu para entrega. Rastreio: {{data.tracking_url}}"}},
      {{"DELIVERY_DONE", "en"}, {"Order {{order.number}} is delivered", "Your parcel has been delivered. Enjoy!", "{{store.name}}: order {{order.number}} is delivered."}},
      {{"DELIVERY_DONE", "nb"}, {"Ordre {{order.number}} er levert", "Pakken din er levert. God fornøyelse!", "{{store.name}}: ordre {{order.number}} er levert."}},
      {{"DELIVERY_DONE", "pt"}, {"Pedido {{order.number}} entregue", "Seu pacote foi entregue. Aproveite!", "{{store.name}}: pedido {{order.number}} entregue."}},
      {{"OUT_FOR_PICKUP", "en"}, {"Order {{order.number}} is ready for pickup", "Your parcel is waiting at the pickup point.", "{{store.name}}: order {{order.number}} is ready for pickup."}},
      {{"OUT_FOR_PICKUP", "nb"}, {"Ordre {{order.number}} kan hentes", "Pakken din venter på hentestedet.", "{{store.name}}: ordre {{order.number}} kan hentes."}},
      {{"OUT_FOR_PICKUP", "pt"}, {"Pedido {{order.number}} pronto para retirada", "Seu pacote está esperando no ponto de retirada.", "{{store.name}}: pedido {{order.number}} pronto para retirada."}},
      {{"BAG_RETURN_INITIATED", "en"}, {"Return started for order {{order.number}}", "We have registered your return request.", "{{store.name}}: return started for order {{order.number}}."}},
      {{"BAG_RETURN_INITIATED", "nb"}, {"Retur registrert for ordre {{order.number}}", "Vi har registrert returen din.", "{{store.name}}: retur registrert for ordre {{order.number}}."}},
      {{"BAG_RETURN_INITIATED", "pt"}, {"Devolução iniciada do pedido {{order.number}}", "Registramos seu pedido de devolução.", "{{store.name}}: devolução iniciada do pedido {{order.number}}."}},
      {{"RETURN_APPROVED", "en"}, {"Return approved for order {{order.number}}", "Your return is approved. Hand the parcel to the courier.", "{{store.name}}: return approved for order {{order.number}}."}},
      {{"RETURN_APPROVED", "nb"}, {"Retur godkjent for ordre {{order.number}}", "Returen er godkjent. Lever pakken til budet.", "{{store.name}}: retur godkjent for ordre {{order.number}}."}},
      {{"RETURN_APPROVED", "pt"}, {"Devolução aprovada do pedido {{order.number}}", "Sua devolução foi aprovada. Entregue o pacote ao entregador.", "{{store.name}}: devolução aprovada do pedido {{order.number}}."}},
      {{"RETURN_BAG_IN_TRANSIT", "en"}, {"Your return for {{order.number}} is on its way", "Your returned parcel is on its way back to us.", "{{store.name}}: return for order {{order.number}} is in transit."}},
      {{"RETURN_BAG_IN_TRANSIT", "nb"}, {"Returen for {{order.number}} er på vei", "Returpakken er på vei tilbake til oss.", "{{store.name}}: retur for ordre {{order.number}} er på vei."}},
      {{"RETURN_BAG_IN_TRANSIT", "pt"}, {"Sua devolução do pedido {{order.number}} está a caminho", "O pacote devolvido está a caminho.", "{{store.name}}: devolução do pedido {{order.number}} em trânsito."}},
      {{"RTO_BAG_IN_TRANSIT", "en"}, {"Order {{order.number}} is coming back to us", "We could not deliver your parcel; it is on its way back to us.", "{{store.name}}: order {{order.number}} could not be delivered and is coming back."}},
      {{"RTO_BAG_IN_TRANSIT", "nb"}, {"Ordre {{order.number}} sendes tilbake", "Vi fikk ikke levert pakken; den er på vei tilbake til oss.", "{{store.name}}: ordre {{order.number}} kunne ikke leveres og sendes tilbake."}},
      {{"RTO_BAG_IN_TRANSIT", "pt"}, {"Pedido {{order.number}} voltando para a loja", "Não conseguimos entregar seu pacote; ele está voltando para nós.", "{{store.name}}: pedido {{order.number}} não entregue, voltando para a loja."}},
      {{"RTO_BAG_APPROVED", "en"}, {"Order {{order.number}} is back with us", "Your undelivered parcel is back with us. We will refund you.", "{{store.name}}: order {{order.number}} is back with us."}},
      {{"RTO_BAG_APPROVED", "nb"}, {"Ordre {{order.number}} er tilbake hos oss", "Pakken som ikke ble levert er tilbake hos oss. Du får pengene tilbake.", "{{store.name}}: ordre {{order.number}} er tilbake hos oss."}},
      {{"RTO_BAG_APPROVED", "pt"}, {"Pedido {{order.number}} de volta à loja", "Seu pacote não entregue voltou para nós. Vamos reembolsar você.", "{{store.name}}: pedido {{order.number}} de volta à loja."}},
      {{"CUSTOMER_CANCELLED", "en"}, {"Order {{order.number}} is cancelled", "Your order is cancelled as you asked.", "{{store.name}}: order {{order.number}} is cancelled."}},
      {{"CUSTOMER_CANCELLED", "nb"}, {"Ordre {{order.number}} er kansellert", "Ordren din er kansellert slik du ba om.", "{{store.name}}: ordre {{order.number}} er kansellert."}},
      {{"CUSTOMER_CANCELLED", "pt"}, {"Pedido {{order.number}} cancelado", "Seu pedido foi cancelado conforme solicitado.", "{{store.name}}: pedido {{order.number}} cancelado."}},
      {{"FYND_CANCELLED", "en"}, {"We had to cancel order {{order.number}}", "We are sorry: we could not fulfil your order and have cancelled it.", "{{store.name}}: sorry, we had to cancel order {{order.number}}."}},
      {{"FYND_CANCELLED", "nb"}, {"Vi måtte kansellere ordre {{order.number}}", "Beklager: vi kunne ikke levere ordren og har kansellert den.", "{{store.name}}: beklager, vi måtte kansellere ordre {{order.number}}."}},
      {{"FYND_CANCELLED", "pt"}, {"Precisamos cancelar o pedido {{order.number}}", "Desculpe: não conseguimos atender seu pedido e ele foi cancelado.", "{{store.name}}: desculpe, precisamos cancelar o pedido {{order.number}}."}},
      {{"REFUND_INITIATED", "en"}, {"Refund started for order {{order.number}}", "We have started your refund.", "{{store.name}}: refund started for order {{order.number}}."}},
      {{"REFUND_INITIATED", "nb"}, {"Refusjon startet for ordre {{order.number}}", "Vi har startet refusjonen din.", "{{store.name}}: refusjon startet for ordre {{order.number}}."}},
      {{"REFUND_INITIATED", "pt"}, {"Reembolso iniciado do pedido {{order.number}}", "Iniciamos o seu reembolso.", "{{store.name}}: reembolso iniciado do pedido {{order.number}}."}},
      {{"REFUND_COMPLETED", "en"}, {"Refund completed for order {{order.number}}", "Your refund is complete; it shows on your account within a few days.", "{{store.name}}: refund completed for order {{order.number}}."}},
      {{"REFUND_COMPLETED", "nb"}, {"Refusjon fullført for ordre {{order.number}}", "Refusjonen er fullført og vises på kontoen din innen noen dager.", "{{store.name}}: refusjon fullført for ordre {{order.number}}."}},
      {{"REFUND_COMPLETED", "pt"}, {"Reembolso concluído do pedido {{order.number}}", "Seu reembolso foi concluído e aparece na sua conta em alguns dias.", "{{store.name}}: reembolso concluído do pedido {{order.number}}."}},
  };
  return t;
}
}  // namespace

std::string_view status_name(std::string_view event_type, std::string_view language) {
  struct Names {
    std::string_view en, nb, pt;
  };
  static const std::map<std::string_view, Names> names{
      {"ORDER_PLACED", {"Placed", "Bestilt", "Pedido realizado"}},
      {"BAG_CONFIRMED", {"Confirmed", "Bekreftet", "Confirmado"}},
      {"BAG_PICKED", {"Packed", "Pakket", "Embalado"}},
      {"DELIVERY_PARTNER_ASSIGNED", {"Courier assigned", "Bud tildelt", "Entregador designado"}},
      {"OUT_FOR_DELIVERY", {"Out for delivery", "Ute for levering", "Saiu para entrega"}},
      {"DELIVERY_DONE", {"Delivered", "Levert", "Entregue"}},
      {"OUT_FOR_PICKUP", {"Ready for pickup", "Klar for henting", "Pronto para retirada"}},
      {"BAG_RETURN_INITIATED", {"Return started", "Retur startet", "Devolução iniciada"}},
      {"RETURN_APPROVED", {"Return approved", "Retur godkjent", "Devolução aprovada"}},
      {"RETURN_BAG_IN_TRANSIT", {"Return in transit", "Retur på vei", "Devolução em trânsito"}},
      {"RTO_BAG_IN_TRANSIT", {"Going back to the shop", "Sendes tilbake", "Voltando à loja"}},
      {"RTO_BAG_APPROVED", {"Back at the shop", "Tilbake hos oss", "De volta à loja"}},
      {"CUSTOMER_CANCELLED", {"Cancelled by customer", "Kansellert av kunden", "Cancelado pelo cliente"}},
      {"FYND_CANCELLED", {"Cancelled by the shop", "Kansellert av butikken", "Cancelado pela loja"}},
      {"REFUND_INITIATED", {"Refund started", "Refusjon startet", "Reembolso iniciado"}},
      {"REFUND_COMPLETED", {"Refunded", "Refundert", "Reembolsado"}},
  };
  const Names& n = names.at(event_type);
  return language == "nb" ? n.nb : (language == "pt" ? n.pt : n.en);
}

EventWording wording(std::string_view event_type, std::string_view language) {
  return table().at({event_type, language});
}

}  // namespace herald::demo

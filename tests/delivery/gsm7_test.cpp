#include "delivery/gsm7.h"

#include <gtest/gtest.h>

namespace herald::delivery {
namespace {

TEST(Gsm7, AcceptsTheDefaultAlphabetAndExtensionTable) {
  EXPECT_TRUE(is_gsm7(""));
  EXPECT_TRUE(is_gsm7("Din ordre er på vei. Hilsen Butikken AS!"));
  EXPECT_TRUE(is_gsm7("Ærlig talt: øl, Åse, ÆØÅ æøå"));
  EXPECT_TRUE(is_gsm7("Straße, Müller, Ñandu, ¿qué?, ¡olé!, è é ù ì ò Ç à"));
  EXPECT_TRUE(is_gsm7("ΔΦΓΛΩΠΨΣΘΞ £ ¥ § ¤ @ $ _"));
  EXPECT_TRUE(is_gsm7("Price: 10€ [code] {x} ~a|b\\c ^"));
  EXPECT_TRUE(is_gsm7("line 1\nline 2\r\n"));
}

TEST(Gsm7, RejectsWhatNeedsUcs2) {
  EXPECT_FALSE(is_gsm7("Pedido enviado ✓"));
  EXPECT_FALSE(is_gsm7("Olá, seu pedido foi enviado"));  // á is not in the alphabet
  EXPECT_FALSE(is_gsm7("ação"));
  EXPECT_FALSE(is_gsm7("Ñandú"));
  EXPECT_FALSE(is_gsm7("Заказ отправлен"));
  EXPECT_FALSE(is_gsm7("🎉"));
  EXPECT_FALSE(is_gsm7("back`tick"));
  EXPECT_FALSE(is_gsm7("tab\there"));
  EXPECT_FALSE(is_gsm7("broken \xC3"));
  EXPECT_FALSE(is_gsm7("bad \xFF byte"));
}

}  // namespace
}  // namespace herald::delivery

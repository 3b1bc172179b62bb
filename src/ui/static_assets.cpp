// The pages' one stylesheet and one small script, served from the binary (no CDN).
#include "ui/page.h"
#include "ui/ui_routes.h"

namespace herald::ui {

namespace {
constexpr const char* kCss = R"css(
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;background:#f5f6f8}
a{color:#1f5fbf}
header.top{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;padding:.5rem 1rem;background:#1d2430;color:#fff}
header.top a{color:#dfe6f0;text-decoration:none;padding:.2rem .45rem;border-radius:4px}
header.top a.active,header.top a:hover{background:#3a4658;color:#fff}
header.top .brand{font-weight:700;font-size:1.1rem;color:#fff}
header.top nav{display:flex;flex-wrap:wrap;gap:.2rem;flex:1}
.who{display:flex;gap:.5rem;align-items:center;font-size:.9rem}
.who form{margin:0}.who select{max-width:12rem}
button.link{background:none;border:0;color:#dfe6f0;cursor:pointer;padding:0;font:inherit;text-decoration:underline}
main{padding:1rem;max-width:1200px;margin:0 auto}
h1{font-size:1.4rem;margin:.2rem 0 1rem;overflow-wrap:anywhere}
a.eye{display:inline-block;padding:.1rem}.icon{width:1.3rem;height:1.3rem;vertical-align:middle}h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem .8rem;align-items:flex-end;background:#fff;padding:.7rem;border-radius:6px;border:1px solid #dde2ea;margin-bottom:1rem}
form.filters label,form.card label{display:flex;flex-direction:column;font-size:.8rem;color:#4a5568;gap:.15rem}
input,select,textarea,button{font:inherit}
input,select,textarea{padding:.35rem .45rem;border:1px solid #b9c2cf;border-radius:4px;background:#fff}
textarea{width:100%;min-height:8rem;font-family:ui-monospace,monospace;font-size:.85rem}
button{padding:.4rem .9rem;border:0;border-radius:4px;background:#1f5fbf;color:#fff;cursor:pointer}
button.secondary{background:#6b7686}button.danger{background:#b3261e}
.table-wrap{overflow-x:auto;background:#fff;border:1px solid #dde2ea;border-radius:6px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #edf0f4;vertical-align:top}
th{font-size:.8rem;color:#4a5568;background:#f0f3f7;white-space:nowrap}
td.num{text-align:right}td.msg,td.subject{overflow-wrap:anywhere;min-width:7rem}td.nowrap,td.time{white-space:nowrap}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:999px;font-size:.8rem;font-weight:600}
.badge.ok{background:#d8f3df;color:#14602b}.badge.pending{background:#e3ecfa;color:#1f4f99}
.badge.warn{background:#fff1c9;color:#7a5a00}.badge.bad{background:#fbdcda;color:#9b1c15}
.badge.muted{background:#e6e8ec;color:#4a5568}
.fails{color:#9b1c15;font-weight:700}
.pager{display:flex;gap:1rem;margin:.8rem 0}
.error{background:#fbdcda;color:#9b1c15;padding:.6rem .8rem;border-radius:4px}
.notice{background:#d8f3df;color:#14602b;padding:.6rem .8rem;border-radius:4px}
.empty{padding:1rem;color:#6b7686}
.tabs{display:flex;gap:.3rem;border-bottom:2px solid #dde2ea;margin-top:1rem}
.tabs a{padding:.4rem .9rem;text-decoration:none;border-radius:4px 4px 0 0}
.tabs a.active{background:#1d2430;color:#fff}
.tab-body{background:#fff;border:1px solid #dde2ea;border-top:0;padding:.8rem}
iframe.mail{width:100%;height:70vh;border:1px solid #dde2ea;background:#fff}
pre{white-space:pre-wrap;word-break:break-word;font-size:.85rem;margin:0}
dl.meta{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.2rem 1rem;background:#fff;padding:.8rem;border:1px solid #dde2ea;border-radius:6px}
dl.meta dt{color:#4a5568;font-size:.85rem}dl.meta dd{margin:0;word-break:break-word}
details.timeline summary{cursor:pointer;list-style:none;display:inline-block;width:1.5rem;height:1.5rem;border-radius:50%;background:#1f5fbf;color:#fff;text-align:center;font-weight:700;font-style:italic;font-family:Georgia,serif}
details.timeline summary::-webkit-details-marker{display:none}
details.timeline ol{margin:.4rem 0 0;padding-left:1.2rem;font-size:.85rem;min-width:16rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:1rem}
.chart{background:#fff;border:1px solid #dde2ea;border-radius:6px;padding:.7rem}
.chart svg{width:100%;height:auto;display:block}
.chart .legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.sw{display:inline-block;width:.8rem;height:.8rem;border-radius:2px;margin-right:.3rem;vertical-align:middle}
.sw.email,.bar.email{background:#1f5fbf;fill:#1f5fbf}.sw.sms,.bar.sms{background:#2e9d5b;fill:#2e9d5b}
.bar.stage{fill:#1f5fbf}.bar.fail{fill:#c0392b}
svg text{font-size:10px;fill:#4a5568}
form.card{background:#fff;padding:1rem;border:1px solid #dde2ea;border-radius:6px;display:flex;flex-direction:column;gap:.7rem;max-width:900px}
form.inline{display:inline}
[aria-invalid=true]{border-color:#b3261e;box-shadow:0 0 0 2px #fbdcda}
fieldset{border:1px solid #dde2ea;border-radius:6px;display:flex;flex-direction:column;gap:.5rem;margin:0;min-width:0}
.muted{color:#6b7686}
body.login main{max-width:380px;margin-top:10vh}
.row{display:flex;flex-wrap:wrap;gap:.8rem}
.actions{margin-top:.8rem}
@media (max-width:640px){
 main{padding:.6rem}
 header.top nav a{font-size:.9rem}
 form.filters label{flex:1 1 45%}
 table.log .hide-sm{display:none}
 th,td{padding:.3rem .3rem;font-size:.9rem}
 dl.meta{grid-template-columns:minmax(0,1fr)}
 td.time{white-space:normal;font-size:.8rem;min-width:5.5rem}
 .who select{max-width:9rem}
}
)css";

constexpr const char* kJs = R"js(
// Store selector: switch on change. Everything else works without script.
document.addEventListener('change', function (e) {
  if (e.target.matches('select[data-autosubmit]')) e.target.form.submit();
});
)js";

http::Response asset(const char* body, const char* type) {
  auto res = http::text_response(http::bhttp::status::ok, body, type);
  res.set(http::bhttp::field::cache_control, "max-age=300");
  res.set("X-Content-Type-Options", "nosniff");
  return res;
}
}  // namespace

void add_static_routes(http::Router& router) {
  router.add(http::bhttp::verb::get, "/ui/static/app.css",
             [](http::Request&, http::Respond r) { r(asset(kCss, "text/css; charset=utf-8")); });
  router.add(http::bhttp::verb::get, "/ui/static/app.js", [](http::Request&, http::Respond r) {
    r(asset(kJs, "text/javascript; charset=utf-8"));
  });
}

}  // namespace herald::ui

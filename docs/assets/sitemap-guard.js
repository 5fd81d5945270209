// Material's bundle fetches "sitemap.xml" next to every <link rel="alternate"> on load, expecting
// alternates to be language roots. Ours are per page (hreflang) and per feed, so each fetch would
// 404 and log a console error. Those lookups only serve instant navigation, which this site does
// not use: answer them with an empty sitemap, in memory. The site's own sitemap is left alone.
(() => {
  const root = new URL(document.currentScript.dataset.sitemap, document.baseURI).href;
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const target = new URL(String(url), document.baseURI).href;
    if (method === "GET" && target.endsWith("/sitemap.xml") && target !== root) {
      url = "data:application/xml,%3Curlset%2F%3E";
    }
    return open.call(this, method, url, ...rest);
  };
})();

/**
 * Mail bodies are shown in `<iframe sandbox="" srcDoc=…>`: no scripts, no same-origin access. A sandboxed
 * frame may still navigate itself, so a click on a link in the mail would replace the preview with a
 * blank page; `<base target="_blank">` sends links to a new window instead, which the sandbox (no
 * allow-popups) blocks, so the preview stays put.
 */
export function inertLinks(html: string): string {
  const base = '<base target="_blank">';
  if (/<base\b/i.test(html)) return html;
  const head = /<head\b[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + base + html.slice(head.index + head[0].length);
  const htmlTag = /<html\b[^>]*>/i.exec(html);
  if (htmlTag) return html.slice(0, htmlTag.index + htmlTag[0].length) + `<head>${base}</head>` + html.slice(htmlTag.index + htmlTag[0].length);
  return base + html;
}

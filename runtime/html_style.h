/* runtime/html_style.h: the stylesheet shared by the HTML report (report_html.c) and the rendered charter (render_html.c). */
#ifndef CHARTE_HTML_STYLE_H
#define CHARTE_HTML_STYLE_H

/* Inline CSS for a <style> element: no URL, no font file, print rules for A4. */
extern const char html_style_css[];

#endif

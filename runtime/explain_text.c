/* runtime/explain_text.c: an explanation as text for people: the tree drawn with its branches, each step with its source. */
#include "explain_impl.h"

#include <string.h>

#include "gc.h"
#include "report.h"
#include "visible.h"

static void text_node(const ExplainNode *n, const char *prefix, bool last, bool root, bool english, FILE *out)
{
    const char *text = say_english(n->text, english);
    fputs(prefix, out);
    if (!root)
        fputs(last ? "└─ " : "├─ ", out);
    /* A step is one line: a line break in a label from the data is shown, not obeyed. */
    visible_write(out, text, strlen(text), 0);
    if (n->source) {
        fputs("  [", out);
        visible_write(out, n->source, strlen(n->source), 0);
        fputc(']', out);
    }
    fputc('\n', out);
    const char *inner = root ? prefix : rt_sprintf("%s%s", prefix, last ? "   " : "│  ");
    for (int i = 0; i < n->nchildren; i++)
        text_node(n->children[i], inner, i == n->nchildren - 1, false, english, out);
}

/* Every text from a file goes through visible_write (base/visible.h). */
void explain_write_text(const Explanation *x, const EvalRun *e, bool english, FILE *out)
{
    const char *title = e->model->title ? e->model->title : "";
    visible_write(out, title, strlen(title), 0);
    /* The line of eval's text report: the explanation and the report name the same text. */
    const char *version = report_version_line(e->model, english);
    if (version)
        fprintf(out, "\n%s", version);
    fprintf(out, english ? "\nExplanation as of %s\n\n" : "\nExplication au %s\n\n",
            english ? date_to_iso(e->au) : date_to_french(e->au));
    text_node(x->root, "", true, true, english, out);
}

/* page.h — GOV.UK page template and component emitters.
 *
 * DESIGN: every page is page_begin() … page_end() around its content, so
 * the header, service navigation, skip link and footer are identical
 * everywhere.  Form components follow the GOV.UK Design System markup
 * (error summary, error messages inside the form group, hints, date input)
 * and always write back the value the user typed.
 */
#ifndef SENDMIS_PAGE_H
#define SENDMIS_PAGE_H
#include "web/web.h"
#include "web/html.h"
#include "core/codes.h"

#include "core/errs.h"

void page_begin(struct req *r, const char *title);
/* For pages with errors: title gets the "Error: " prefix GOV.UK asks for. */
void page_begin_err(struct req *r, const char *title, const struct errs *e);
void page_end(struct req *r);
void page_back_link(struct req *r, const char *href);
void page_error_summary(struct req *r, const struct errs *e);
/* Green success banner (GOV.UK notification banner, success variant). */
void page_success(struct req *r, const char *message);

/* Forms */
void form_begin(struct req *r, const char *action);
void form_begin_get(struct req *r, const char *action, const char *extra_class);
void form_end(struct req *r);
void form_hidden(struct req *r, const char *name, const char *value);
void form_text(struct req *r, const char *name, const char *label, const char *hint,
               const char *value, const struct errs *e, const char *width_class);
/* The same with an autocomplete token (WCAG 1.3.5), e.g. "username". */
void form_text_ac(struct req *r, const char *name, const char *label, const char *hint,
                  const char *value, const struct errs *e, const char *width_class, const char *autocomplete);
void form_textarea(struct req *r, const char *name, const char *label, const char *hint,
                   const char *value, const struct errs *e);
/* Date input: fields name-day, name-month, name-year.  Values are the typed parts. */
void form_date(struct req *r, const char *name, const char *label, const char *hint,
               const char *dd, const char *mm, const char *yy, const struct errs *e);
/* Reads the date inputs of `name` (name-day, -month, -year): the typed parts
 * kept in dd/mm/yy; *out set when valid, else an error naming `label`. */
void form_date_read(struct req *r, const char *name, const char *label, day_t *out, struct errs *e,
                    const char **dd, const char **mm, const char **yy);
/* The same for a date that may be left out: with all three parts blank, 0
 * (*out DATE_NONE, the parts ""); else 1, read as form_date_read does. */
int form_date_read_opt(struct req *r, const char *name, const char *label, day_t *out, struct errs *e,
                       const char **dd, const char **mm, const char **yy);
void form_select_codes(struct req *r, const char *name, const char *label, const char *hint,
                       const struct code_list *l, const char *value, const char *blank_label,
                       const struct errs *e);
/* Generic select: options as value/label pairs. */
struct option { const char *value; const char *label; };
void form_select(struct req *r, const char *name, const char *label, const char *hint,
                 const struct option *opts, size_t n, const char *value, const char *blank_label,
                 const struct errs *e);
/* Radios in a fieldset whose legend asks the question (GOV.UK radios). */
void form_radios(struct req *r, const char *name, const char *legend, const char *hint,
                 const struct option *opts, size_t n, const char *value, const struct errs *e);
/* Checkboxes in a fieldset whose legend asks the question; each box sends
 * `name` with its option's value; `checked`: the values ticked, comma
 * separated. */
void form_checkboxes(struct req *r, const char *name, const char *legend, const char *hint,
                     const struct option *opts, size_t n, const char *checked, const struct errs *e);
/* One checkbox of a group; `err` non-NULL when this box is in error (the
 * message itself is shown once for the group, see form_checkbox_errors). */
void form_checkbox(struct req *r, const char *name, const char *label, const char *hint, int checked,
                   const char *err);
/* Inside a checkbox group's fieldset: the error messages of its boxes. */
void form_checkbox_error(struct req *r, const char *name, const char *err);
void form_password(struct req *r, const char *name, const char *label, const char *autocomplete,
                   const struct errs *e);
void form_button(struct req *r, const char *text);

/* Summary list */
void summary_begin(struct req *r);
void summary_row(struct req *r, const char *key, const char *value);
void summary_row_date(struct req *r, const char *key, const char *iso);
void summary_row_date_or(struct req *r, const char *key, const char *iso, const char *empty);
void summary_end(struct req *r);

/* Tables: table_begin writes the scrolling wrapper (named `name` for screen
 * readers: what the table holds), the header row, and opens the body;
 * table_end closes them.  A column header "" is a column of links: its header
 * says "Actions" to screen readers only. */
void table_begin(struct req *r, const char *name, const char *const *cols, size_t n);
/* The same, columns from first_numeric on right-aligned (numbers). */
void table_begin_numeric(struct req *r, const char *name, const char *const *cols, size_t n, size_t first_numeric);
/* Only the wrapper, for a table written by hand; close it with "</div>". */
void table_wrap_begin(struct req *r, const char *name);
void table_end(struct req *r);
void td_text(struct req *r, const char *s);                      /* "—" when empty */
void td_date(struct req *r, const char *iso, const char *empty);  /* YYYY-MM-DD shown long */
void td_day(struct req *r, day_t d, const char *empty);
void td_person(struct req *r, int64_t id, const char *name);     /* a link to the person page */

/* Tags */
void tag(struct req *r, const char *colour, const char *text); /* colour "" = default blue */

/* Pagination: base is the URL up to and including '?…&' or '?'. */
void pagination(struct req *r, const char *base_query, int page, int pages);
/* The same for a list whose count stopped (listing.h: "more than N"):
 * pages 1 … `pages` are known to exist, and `more` says rows follow the
 * last of them, so the links end with Next, never a last page number. */
void pagination_more(struct req *r, const char *base_query, int page, int pages, int more);
/* A list's pagination from its count (n rows; `stopped`: the count stopped
 * at n, listing.h) and whether a row follows this page (`next`, known by
 * asking for one row more than a page). */
void list_pagination(struct req *r, const char *base_query, int page, int size, long long n, int stopped, int next);

/* Sortable tables: the MOJ sortable table done on the server.  Each
 * sortable column's header is a link to the list sorted by it (the filters
 * kept, page 1); the sorted column's header has aria-sort "ascending" or
 * "descending" and its link reverses the order; other sortable columns
 * have aria-sort "none" and sort in their first order.  No script. */
struct sort_col {
	const char *label;
	const char *key;       /* the list's sort value; NULL: not sortable */
	int first_desc;        /* sorts descending when first chosen (newest first, youngest first) */
	int numeric;           /* right-aligned */
};
/* The wrapper, the table, its caption (name, visually hidden) and the
 * header row; opens the body (close with table_end).  `path` is the list's
 * address, `query` its filters as html_qs builds them ("k=v&…" or ""),
 * `sort` and `desc` the current order. */
void table_begin_sortable(struct req *r, const char *name, const char *path, const char *query,
                          const struct sort_col *cols, size_t n, const char *sort, int desc);
/* "123" or "more than 5,000" for a list's count (the strong number is
 * what tests and people read). */
void list_count_html(struct req *r, long long n, int more);

/* A download made in a temporary file (libxlsxwriter writes files): its
 * bytes become the response (resp_body: content_type, filename) and the
 * file is removed.  ok 0, or the file cannot be read: a 500 page naming
 * `what` ("The spreadsheet"), and -1. */
int resp_take_file(struct req *r, const char *path, int ok, const char *what, const char *content_type,
                   const char *filename);
/* A workbook in a private temporary file (its name in path, for
 * resp_take_file), or NULL when it cannot be made. */
struct lxw_workbook;
struct lxw_workbook *xlsx_begin(char path[32]);

/* Person name as "SURNAME, Forename" is not used: GOV.UK style "Forename Surname". */

#endif

/* letter_pdf.c — see letter.h
 *
 * DESIGN: three steps, one pango layout per piece of text.
 *
 *  1. Build.  Every header field and block becomes an `item`: a PangoLayout
 *     (plain text via pango_layout_set_text, fonts via a font description,
 *     so no string is ever parsed as markup), its left edge, the space to
 *     leave above it and whether it must stay with the next item (title and
 *     headings are never left alone at the foot of a page).  A bullet's
 *     text layout is indented and narrowed; the "•" is a separate one-glyph
 *     layout drawn in the indent beside the first line (a hanging indent).
 *  2. Flow.  The lines of every layout are walked with a PangoLayoutIter and
 *     given a page and a baseline position; a line that would cross the
 *     bottom of the text area starts a new page, so a block taller than the
 *     space left is split line by line.  The footer has a fixed height
 *     (computed before flowing), so after this step the page count M is
 *     known and nothing is laid out twice.
 *  3. Draw.  A cairo PDF surface streams into the caller's buf; each placed
 *     line is drawn with pango_cairo_show_layout_line, then the footer (the
 *     legal text, at most FOOTER_MAX_LINES lines, and "Page N of M").
 *
 * Units: the cairo PDF user space is PostScript points, the pango context
 * is set to 72 dpi and font sizes are absolute, so 1 pango unit = 1/1024 pt
 * throughout.  Metrics hinting is off so layout does not depend on a
 * device.  Each call makes its own font map (pango_cairo_font_map_new), its
 * own context and layouts, and releases them all before returning: the only
 * shared state is fontconfig's, cairo's and pango's internal caches, which
 * are thread-safe.
 */
#include "render/letter.h"
#include "core/grow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo.h>
#include <cairo-pdf.h>
#include <glib.h>
#include <pango/pangocairo.h>

#define PT_PER_MM      (72.0 / 25.4)
#define PAGE_W         595.276
#define PAGE_H         841.89
#define MARGIN         (25.0 * PT_PER_MM)
#define TEXT_W         (PAGE_W - 2 * MARGIN)

#define FONT_FAMILY    "Liberation Sans,DejaVu Sans"
#define SIZE_BODY      11.0
#define SIZE_TITLE     16.0
#define SIZE_HEADING   13.0
#define SIZE_FOOTER    8.5

#define BULLET_INDENT  16.0   /* bullet text starts this far in */
#define BULLET_X       4.0    /* the "•" sits this far in */
#define FOOTER_GAP     16.0   /* between the text area and the footer */
#define FOOTER_MAX_LINES 6    /* longer legal text is ellipsized */

#define U(pu) ((double)(pu) / PANGO_SCALE)   /* pango units -> points */

struct item {
	PangoLayout *lay;
	PangoLayout *marker;   /* bullet glyph, or NULL */
	double x;              /* left edge of the layout */
	double space_before;   /* dropped at the top of a page */
	int keep_next;         /* do not end a page straight after this item */
	const char *tag;       /* its PDF structure type: "P", "H1", "H2", "LI" */
};

struct placed {
	PangoLayoutLine *line; /* owned by an item's layout */
	int item;              /* the item it belongs to */
	int page;
	double x, y;           /* origin of the line's baseline */
};

struct r {
	PangoFontMap *fm;
	PangoContext *pc;
	PangoFontDescription *body, *bold, *title, *heading, *small;
	struct item *items;
	int nitems, itemcap;
	struct placed *pl;
	int npl, plcap;
	int nitems_placing;    /* the item flow() is placing */
	int oom;
};

static void set_err(char *err, size_t errlen, const char *msg)
{
	if (err && errlen)
		snprintf(err, errlen, "%s", msg);
}

static int present(const char *s)
{
	return s && *s;
}

static PangoFontDescription *font(const char *family, double size, PangoWeight w)
{
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, family);
	pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
	pango_font_description_set_weight(f, w);
	return f;
}

static PangoLayout *layout(struct r *r, const char *text, const PangoFontDescription *f,
			   double width, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(r->pc);
	pango_layout_set_font_description(l, f);
	pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	pango_layout_set_alignment(l, align);
	pango_layout_set_text(l, text, -1);   /* plain text, never markup */
	return l;
}

/* Appends an item for `text` (skipped when NULL or empty).  Returns 1 if an
 * item was added, 0 if skipped, -1 when out of memory. */
static int add(struct r *r, const char *text, const PangoFontDescription *f,
	       PangoAlignment align, int bullet, double space_before, int keep_next)
{
	if (!present(text))
		return 0;
	if (ARRAY_RESERVE(r->items, r->itemcap, r->nitems + 1, 32) < 0) {
		r->oom = 1;
		return -1;
	}
	struct item *it = &r->items[r->nitems++];
	double indent = bullet ? BULLET_INDENT : 0;
	it->lay = layout(r, text, f, TEXT_W - indent, align);
	it->marker = bullet ? layout(r, "\xe2\x80\xa2", r->body, BULLET_INDENT, PANGO_ALIGN_LEFT) : NULL;
	it->x = MARGIN + indent;
	it->space_before = space_before;
	it->keep_next = keep_next;
	it->tag = bullet ? "LI" : f == r->title ? "H1" : f == r->heading ? "H2" : "P";
	return 1;
}

static int place(struct r *r, PangoLayoutLine *line, int page, double x, double y)
{
	if (ARRAY_RESERVE(r->pl, r->plcap, r->npl + 1, 256) < 0) {
		r->oom = 1;
		return -1;
	}
	r->pl[r->npl++] = (struct placed){ line, r->nitems_placing, page, x, y };
	return 0;
}

/* Height of a layout's first line (pango units), spacing included. */
static int first_line_height(PangoLayout *l)
{
	int y0, y1;
	PangoLayoutIter *it = pango_layout_get_iter(l);
	pango_layout_iter_get_line_yrange(it, &y0, &y1);
	pango_layout_iter_free(it);
	return y1 - y0;
}

/* Gives every line a page and a baseline; returns the page count or -1. */
static int flow(struct r *r, double top, double bottom)
{
	int page = 0;
	double y = top;

	for (int i = 0; i < r->nitems; i++) {
		struct item *it = &r->items[i];
		r->nitems_placing = i;
		PangoLayoutIter *iter = pango_layout_get_iter(it->lay);
		int first = 1;
		do {
			PangoLayoutLine *line = pango_layout_iter_get_line_readonly(iter);
			PangoRectangle log;
			int y0, y1;
			pango_layout_iter_get_line_yrange(iter, &y0, &y1);
			pango_layout_iter_get_line_extents(iter, NULL, &log);
			int base = pango_layout_iter_get_baseline(iter);
			double h = U(y1 - y0);
			double need = h, gap = 0;

			if (first) {
				gap = y > top ? it->space_before : 0;
				if (it->keep_next && i + 1 < r->nitems) {
					int lh;
					pango_layout_get_size(it->lay, NULL, &lh);
					need = U(lh) + r->items[i + 1].space_before +
					       U(first_line_height(r->items[i + 1].lay));
				}
			}
			/* y > top: a line taller than the whole area still goes
			 * somewhere, and every page gets at least one line */
			if (y > top && y + gap + need > bottom) {
				page++;
				y = top;
				gap = 0;
			}
			y += gap;
			double baseline = y + U(base - y0);
			if (place(r, line, page, it->x + U(log.x), baseline) < 0)
				break;
			if (first && it->marker &&
			    place(r, pango_layout_get_line_readonly(it->marker, 0), page,
				  MARGIN + BULLET_X, baseline) < 0)
				break;
			y += h;
			first = 0;
		} while (pango_layout_iter_next_line(iter));
		pango_layout_iter_free(iter);
		if (r->oom)
			return -1;
	}
	return page + 1;
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf *b = closure;
	buf_add(b, data, len);
	return b->err ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* Builds the items of the letter in reading order.  Returns -1 on OOM. */
static int build(struct r *r, const struct letter_doc *d)
{
	enum { P_NONE, P_HEAD, P_TITLE, P_HEADING, P_PARA, P_BULLET } prev = P_NONE;
	int n;

	/* letterhead, top right */
	if ((n = add(r, d->la_name, r->bold, PANGO_ALIGN_RIGHT, 0, 0, 0)) < 0)
		return -1;
	if (n)
		prev = P_HEAD;
	if ((n = add(r, d->la_address, r->body, PANGO_ALIGN_RIGHT, 0, 2, 0)) < 0)
		return -1;
	if (n)
		prev = P_HEAD;

	/* the recipient's name and address, left */
	int to = 0;
	if ((n = add(r, d->recipient, r->body, PANGO_ALIGN_LEFT, 0, 18, 0)) < 0)
		return -1;
	if (n) {
		prev = P_HEAD;
		to = 1;
	}

	/* reference and date, left */
	int refs = 0;
	if (present(d->case_ref)) {
		char *t = g_strconcat("Our reference: ", d->case_ref, NULL);
		n = add(r, t, r->body, PANGO_ALIGN_LEFT, 0, to ? 18 : 24, 0);
		g_free(t);
		if (n < 0)
			return -1;
		refs = 1;
		prev = P_HEAD;
	}
	if ((n = add(r, d->date_text, r->body, PANGO_ALIGN_LEFT, 0, refs ? 2 : 24, 0)) < 0)
		return -1;
	if (n)
		prev = P_HEAD;

	if ((n = add(r, d->title, r->title, PANGO_ALIGN_LEFT, 0, 24, 1)) < 0)
		return -1;
	if (n)
		prev = P_TITLE;

	for (int i = 0; d->blocks && i < d->nblocks; i++) {
		const struct letter_block *b = &d->blocks[i];
		double sp;
		switch (b->kind) {
		case LB_HEADING:
			sp = prev == P_TITLE ? 12 : 16;
			n = add(r, b->text, r->heading, PANGO_ALIGN_LEFT, 0, sp, 1);
			if (n > 0)
				prev = P_HEADING;
			break;
		case LB_BULLET:
			sp = prev == P_BULLET ? 3 : prev == P_HEADING ? 4 : prev == P_TITLE ? 12 : 8;
			n = add(r, b->text, r->body, PANGO_ALIGN_LEFT, 1, sp, 0);
			if (n > 0)
				prev = P_BULLET;
			break;
		case LB_PARA:
		default:
			sp = prev == P_HEADING ? 4 : prev == P_TITLE ? 12 : 8;
			n = add(r, b->text, r->body, PANGO_ALIGN_LEFT, 0, sp, 0);
			if (n > 0)
				prev = P_PARA;
			break;
		}
		if (n < 0)
			return -1;
	}
	return 0;
}

/* Every text must be valid UTF-8: pango would warn and substitute. */
static int check_utf8(const struct letter_doc *d, char *err, size_t errlen)
{
	const struct { const char *name, *s; } f[] = {
		{ "council name", d->la_name }, { "council address", d->la_address },
		{ "date", d->date_text }, { "case reference", d->case_ref },
		{ "title", d->title }, { "legal footer", d->legal }, { "recipient", d->recipient },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i].s && !g_utf8_validate(f[i].s, -1, NULL)) {
			if (err && errlen)
				snprintf(err, errlen, "letter: %s is not valid UTF-8", f[i].name);
			return -1;
		}
	for (int i = 0; d->blocks && i < d->nblocks; i++)
		if (d->blocks[i].text && !g_utf8_validate(d->blocks[i].text, -1, NULL)) {
			if (err && errlen)
				snprintf(err, errlen, "letter: block %d is not valid UTF-8", i + 1);
			return -1;
		}
	return 0;
}

static void footer(cairo_t *cr, PangoLayout *legal, PangoLayout *label, double label_w,
		   double ftop, int page, int npages)
{
	char t[64];

	cairo_set_source_rgb(cr, 0.55, 0.55, 0.55);
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN, ftop - FOOTER_GAP / 2);
	cairo_line_to(cr, MARGIN + TEXT_W, ftop - FOOTER_GAP / 2);
	cairo_stroke(cr);

	cairo_set_source_rgb(cr, 0, 0, 0);
	if (legal) {
		cairo_move_to(cr, MARGIN, ftop);
		pango_cairo_show_layout(cr, legal);
	}
	snprintf(t, sizeof t, "Page %d of %d", page, npages);
	pango_layout_set_text(label, t, -1);
	cairo_move_to(cr, MARGIN + TEXT_W - label_w, ftop);
	pango_cairo_show_layout(cr, label);
}

int letter_pdf(const struct letter_doc *d, buf *out, char *err, size_t errlen)
{
	if (!d || !out) {
		set_err(err, errlen, "letter: no document or no output buffer");
		return -1;
	}
	if (out->err) {
		set_err(err, errlen, "letter: output buffer has already failed");
		return -1;
	}
	if (check_utf8(d, err, errlen) < 0)
		return -1;

	size_t start = out->len;
	int rc = -1;
	struct r r = { 0 };
	PangoLayout *legal = NULL, *label = NULL;
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;

	r.fm = pango_cairo_font_map_new();
	r.pc = pango_font_map_create_context(r.fm);
	pango_cairo_context_set_resolution(r.pc, 72);
	pango_context_set_language(r.pc, pango_language_from_string("en-gb"));
	pango_context_set_round_glyph_positions(r.pc, FALSE);
	cairo_font_options_t *fo = cairo_font_options_create();
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(r.pc, fo);   /* copies */
	cairo_font_options_destroy(fo);

	r.body = font(FONT_FAMILY, SIZE_BODY, PANGO_WEIGHT_NORMAL);
	r.bold = font(FONT_FAMILY, SIZE_BODY, PANGO_WEIGHT_BOLD);
	r.title = font(FONT_FAMILY, SIZE_TITLE, PANGO_WEIGHT_BOLD);
	r.heading = font(FONT_FAMILY, SIZE_HEADING, PANGO_WEIGHT_BOLD);
	r.small = font(FONT_FAMILY, SIZE_FOOTER, PANGO_WEIGHT_NORMAL);

	/* footer: "Page N of M" right, the legal text wrapped to its left */
	int lw, lh, gh = 0;
	label = layout(&r, "Page 9999 of 9999", r.small, TEXT_W / 3, PANGO_ALIGN_RIGHT);
	pango_layout_get_size(label, &lw, &lh);
	pango_layout_set_width(label, lw);
	double label_w = U(lw);
	if (present(d->legal)) {
		legal = layout(&r, d->legal, r.small, TEXT_W - label_w - 12, PANGO_ALIGN_LEFT);
		pango_layout_set_ellipsize(legal, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(legal, -FOOTER_MAX_LINES);
		pango_layout_get_size(legal, NULL, &gh);
	}
	double ftop = PAGE_H - MARGIN - U(lh > gh ? lh : gh);

	if (build(&r, d) < 0) {
		set_err(err, errlen, "letter: out of memory");
		goto done;
	}
	int npages = flow(&r, MARGIN, ftop - FOOTER_GAP);
	if (npages < 0) {
		set_err(err, errlen, "letter: out of memory");
		goto done;
	}

	s = cairo_pdf_surface_create_for_stream(write_buf, out, PAGE_W, PAGE_H);
	if (present(d->title))
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "sendmis");
	cr = cairo_create(s);

	/* Tagged for screen readers as far as cairo 1.16 allows: each item is a
	 * structure element (H1 the title, H2 a heading, P a paragraph, LI a
	 * bullet) in reading order, ended at a page's end and begun again on the
	 * next; each heading is also a bookmark (the PDF's outline).  The footer
	 * is not tagged (cairo 1.16 cannot mark it as an artifact). */
	int k = 0;
	for (int p = 0; p < npages && cairo_status(cr) == CAIRO_STATUS_SUCCESS; p++) {
		cairo_set_source_rgb(cr, 0, 0, 0);
		int open = -1;
		for (; k < r.npl && r.pl[k].page == p; k++) {
			const struct item *it = &r.items[r.pl[k].item];
			if (r.pl[k].item != open) {
				if (open >= 0)
					cairo_tag_end(cr, r.items[open].tag);
				open = r.pl[k].item;
				cairo_tag_begin(cr, it->tag, NULL);
				if (!strcmp(it->tag, "H2")) {
					char dest[64];
					snprintf(dest, sizeof dest, "page=%d pos=[%.1f %.1f]", p + 1, r.pl[k].x, r.pl[k].y - SIZE_HEADING);
					cairo_pdf_surface_add_outline(s, CAIRO_PDF_OUTLINE_ROOT, pango_layout_get_text(it->lay), dest, 0);
				}
			}
			cairo_move_to(cr, r.pl[k].x, r.pl[k].y);
			pango_cairo_show_layout_line(cr, r.pl[k].line);
		}
		if (open >= 0)
			cairo_tag_end(cr, r.items[open].tag);
		footer(cr, legal, label, label_w, ftop, p + 1, npages);
		cairo_show_page(cr);
	}
	cairo_status_t st = cairo_status(cr);
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(s);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(s);
	if (out->err)
		set_err(err, errlen, "letter: out of memory or the PDF is too large");
	else if (st != CAIRO_STATUS_SUCCESS) {
		if (err && errlen)
			snprintf(err, errlen, "letter: cairo: %s", cairo_status_to_string(st));
	} else
		rc = 0;

done:
	if (s)
		cairo_surface_destroy(s);
	for (int i = 0; i < r.nitems; i++) {
		g_object_unref(r.items[i].lay);
		if (r.items[i].marker)
			g_object_unref(r.items[i].marker);
	}
	free(r.items);
	free(r.pl);
	if (legal)
		g_object_unref(legal);
	g_object_unref(label);
	pango_font_description_free(r.body);
	pango_font_description_free(r.bold);
	pango_font_description_free(r.title);
	pango_font_description_free(r.heading);
	pango_font_description_free(r.small);
	g_object_unref(r.pc);
	g_object_unref(r.fm);
	if (rc < 0) {   /* put the buffer back as it was */
		out->len = start;
		out->err = 0;
		if (out->p)
			out->p[start] = 0;
	}
	return rc;
}

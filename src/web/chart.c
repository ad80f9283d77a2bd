/* chart.c — see chart.h. */
#include "web/chart.h"
#include "web/html.h"
#include <string.h>

#define W 640
#define PAD_L 48
#define PAD_R 16
#define PAD_T 16
#define PAD_B 36
#define LINE_H 240
#define BAR_ROW 40

static void open_svg(buf *b, const char *id, const char *title, int h)
{
	html_lit(b, "<svg class=\"app-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	buf_printf(b, "%d %d", W, h);
	html_lit(b, "\" role=\"img\" focusable=\"false\" aria-labelledby=\"");
	html_attr(b, id);
	html_lit(b, "-title ");
	html_attr(b, id);
	html_lit(b, "-desc\"><title id=\"");
	html_attr(b, id);
	html_lit(b, "-title\">");
	html_text(b, title);
	html_lit(b, "</title><desc id=\"");
	html_attr(b, id);
	html_lit(b, "-desc\">Chart. The same figures are in the table with it.</desc>");
}

static void value_text(buf *b, double v, const char *unit)
{
	if (v == (double)(long long)v)
		buf_printf(b, "%lld", (long long)v);
	else
		buf_printf(b, "%.1f", v);
	html_text(b, unit);
}

void chart_line(buf *b, const char *id, const char *title, const struct chart_point *p, int n, double max,
                const char *unit)
{
	if (max <= 0)
		max = 1;
	int pw = W - PAD_L - PAD_R, ph = LINE_H - PAD_T - PAD_B;
	open_svg(b, id, title, LINE_H);
	for (int g = 0; g <= 4; g++) {   /* gridlines and the y axis */
		double y = PAD_T + ph - ph * g / 4.0;
		buf_printf(b, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"app-chart__grid\"/>", PAD_L, y, W - PAD_R, y);
		buf_printf(b, "<text x=\"%d\" y=\"%.1f\" class=\"app-chart__axis\" text-anchor=\"end\">", PAD_L - 6, y + 4);
		value_text(b, max * g / 4.0, strlen(unit) <= 1 ? unit : "");   /* " weeks" is in the title */
		html_lit(b, "</text>");
	}
	double step = n > 1 ? (double)pw / (n - 1) : 0;
	html_lit(b, "<path class=\"app-chart__line\" d=\"");
	int pen = 0;
	for (int i = 0; i < n; i++) {
		if (p[i].value < 0) {
			pen = 0;
			continue;
		}
		double v = p[i].value > max ? max : p[i].value;
		buf_printf(b, "%c%.1f %.1f ", pen ? 'L' : 'M', PAD_L + step * i, PAD_T + ph - ph * v / max);
		pen = 1;
	}
	html_lit(b, "\"/>");
	for (int i = 0; i < n; i++) {
		double x = PAD_L + step * i;
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\" class=\"app-chart__axis\" text-anchor=\"middle\">", x, LINE_H - 12);
		html_text(b, p[i].label);
		html_lit(b, "</text>");
		if (p[i].value < 0)
			continue;
		double v = p[i].value > max ? max : p[i].value;
		buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" class=\"app-chart__point\"><title>", x, PAD_T + ph - ph * v / max);
		html_text(b, p[i].label);
		html_lit(b, ": ");
		value_text(b, p[i].value, unit);
		html_lit(b, "</title></circle>");
	}
	html_lit(b, "</svg>");
}

void chart_bars(buf *b, const char *id, const char *title, const struct chart_point *p, int n, double max,
                const char *unit)
{
	if (max <= 0)
		max = 1;
	int h = n * BAR_ROW + 8, pw = W - 80;
	open_svg(b, id, title, h);
	for (int i = 0; i < n; i++) {
		int y = i * BAR_ROW;
		buf_printf(b, "<text x=\"0\" y=\"%d\" class=\"app-chart__label\">", y + 13);
		html_text(b, p[i].label);
		html_lit(b, "</text>");
		double v = p[i].value < 0 ? 0 : p[i].value > max ? max : p[i].value;
		double bw = pw * v / max;
		buf_printf(b, "<rect x=\"0\" y=\"%d\" width=\"%.1f\" height=\"16\" class=\"app-chart__bar\"/>", y + 18, bw);
		buf_printf(b, "<text x=\"%.1f\" y=\"%d\" class=\"app-chart__value\">", bw + 6, y + 31);
		if (p[i].value < 0)
			html_lit(b, "no cases");
		else
			value_text(b, p[i].value, unit);
		html_lit(b, "</text>");
	}
	html_lit(b, "</svg>");
}

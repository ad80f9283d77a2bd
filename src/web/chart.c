/* chart.c — see chart.h. */
#include "web/chart.h"
#include "core/survey.h"
#include <string.h>

#define W 640
#define PAD_L 48
#define PAD_R 16
#define PAD_T 16
#define PAD_B 36
#define LINE_H 240
#define BAR_ROW 40

static void open_svg(html *b, const char *id, const char *title, int h)
{
	html_lit(b, "<svg class=\"app-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
	html_int(b, W);
	html_lit(b, " ");
	html_int(b, h);
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

static void value_text(html *b, double v, const char *unit)
{
	if (v == (double)(long long)v)
		html_int(b, (long long)v);
	else
		html_decimal(b, v, 1);
	html_text(b, unit);
}

/* A coordinate: one decimal place. */
static void at(html *b, double v)
{
	html_decimal(b, v, 1);
}

void chart_line(html *b, const char *id, const char *title, const struct chart_point *p, int n, double max,
                const char *unit)
{
	if (max <= 0)
		max = 1;
	int pw = W - PAD_L - PAD_R, ph = LINE_H - PAD_T - PAD_B;
	open_svg(b, id, title, LINE_H);
	for (int g = 0; g <= 4; g++) {   /* gridlines and the y axis */
		double y = PAD_T + ph - ph * g / 4.0;
		html_lit(b, "<line x1=\"");
		html_int(b, PAD_L);
		html_lit(b, "\" y1=\"");
		at(b, y);
		html_lit(b, "\" x2=\"");
		html_int(b, W - PAD_R);
		html_lit(b, "\" y2=\"");
		at(b, y);
		html_lit(b, "\" class=\"app-chart__grid\"/><text x=\"");
		html_int(b, PAD_L - 6);
		html_lit(b, "\" y=\"");
		at(b, y + 4);
		html_lit(b, "\" class=\"app-chart__axis\" text-anchor=\"end\">");
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
		if (pen)
			html_lit(b, "L");
		else
			html_lit(b, "M");
		at(b, PAD_L + step * i);
		html_lit(b, " ");
		at(b, PAD_T + ph - ph * v / max);
		html_lit(b, " ");
		pen = 1;
	}
	html_lit(b, "\"/>");
	for (int i = 0; i < n; i++) {
		double x = PAD_L + step * i;
		html_lit(b, "<text x=\"");
		at(b, x);
		html_lit(b, "\" y=\"");
		html_int(b, LINE_H - 12);
		html_lit(b, "\" class=\"app-chart__axis\" text-anchor=\"middle\">");
		html_text(b, p[i].label);
		html_lit(b, "</text>");
		if (p[i].value < 0)
			continue;
		double v = p[i].value > max ? max : p[i].value;
		html_lit(b, "<circle cx=\"");
		at(b, x);
		html_lit(b, "\" cy=\"");
		at(b, PAD_T + ph - ph * v / max);
		html_lit(b, "\" r=\"4\" class=\"app-chart__point\"><title>");
		html_text(b, p[i].label);
		html_lit(b, ": ");
		value_text(b, p[i].value, unit);
		html_lit(b, "</title></circle>");
	}
	html_lit(b, "</svg>");
}

void chart_bars(html *b, const char *id, const char *title, const struct chart_point *p, int n, double max,
                const char *unit)
{
	if (max <= 0)
		max = 1;
	int h = n * BAR_ROW + 8, pw = W - 80;
	open_svg(b, id, title, h);
	for (int i = 0; i < n; i++) {
		int y = i * BAR_ROW;
		html_lit(b, "<text x=\"0\" y=\"");
		html_int(b, y + 13);
		html_lit(b, "\" class=\"app-chart__label\">");
		html_text(b, p[i].label);
		html_lit(b, "</text>");
		double v = p[i].value < 0 ? 0 : p[i].value > max ? max : p[i].value;
		double bw = pw * v / max;
		html_lit(b, "<rect x=\"0\" y=\"");
		html_int(b, y + 18);
		html_lit(b, "\" width=\"");
		at(b, bw);
		html_lit(b, "\" height=\"16\" class=\"app-chart__bar\"/><text x=\"");
		at(b, bw + 6);
		html_lit(b, "\" y=\"");
		html_int(b, y + 31);
		html_lit(b, "\" class=\"app-chart__value\">");
		if (p[i].value == CHART_FEWER) {
			html_lit(b, "fewer than ");
			html_int(b, SQ_SUPPRESS_BELOW);
		} else if (p[i].value < 0)
			html_lit(b, "no cases");
		else
			value_text(b, p[i].value, unit);
		html_lit(b, "</text>");
	}
	html_lit(b, "</svg>");
}

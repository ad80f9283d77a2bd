/* sen2read.c — see sen2read.h. */
#include "domain/sen2read.h"
#include <libxml/xmlreader.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 16
#define MAX_VALUE 4096

struct st {
	xmlTextReaderPtr rd;
	const struct sen2_reader_cb *cb;
	struct sen2_file_header *h;
	struct sen2_person *p;
	long persons;
	int in_person, stopped;
	/* the open blocks of the person (node indexes), and the item being read */
	int stack[MAX_DEPTH], depth;
	int header_block;        /* SB_COLLECTION / SB_SOURCE while in one, else -1 */
	int item;                /* the item being read, -1 */
	int item_node;
	char value[MAX_VALUE];
	size_t vlen;
	int value_long;
	char fatal[400];
};

static long line_of(struct st *s)
{
	return xmlTextReaderGetParserLineNumber(s->rd);
}

static void __attribute__((format(printf, 2, 3))) problem(struct st *s, const char *fmt, ...)
{
	char msg[400];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (s->cb->problem)
		s->cb->problem(s->cb->ctx, s->in_person ? s->persons : 0, line_of(s), msg);
}

static void on_error(void *ctx, xmlErrorPtr e)
{
	struct st *s = ctx;
	if (!e || e->level < XML_ERR_ERROR || s->fatal[0])
		return;
	char msg[300];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "not well-formed");
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = 0;
	snprintf(s->fatal, sizeof s->fatal, "line %d: %s", e->line, msg);
}

static int block_of(const char *name)
{
	for (int b = SB_PERSON; b < SB_N; b++)
		if (!strcmp(sen2_block_tags[b], name))
			return b;
	return -1;
}

/* The block each block may sit in. */
static int parent_block(int b)
{
	switch (b) {
	case SB_REQUEST: return SB_PERSON;
	case SB_ASSESSMENT: case SB_ACTIVE_PLANS: return SB_REQUEST;
	case SB_NAMED_PLAN: return SB_ASSESSMENT;
	case SB_PLAN_DETAIL: return SB_NAMED_PLAN;
	case SB_PLACEMENT: case SB_NEED: return SB_ACTIVE_PLANS;
	default: return -1;
	}
}

static void header_item(struct st *s, int item, const char *v)
{
	if (item == SI_YEAR)
		snprintf(s->h->year, sizeof s->h->year, "%s", v);
	else if (item == SI_REFERENCE_DATE)
		snprintf(s->h->reference_date, sizeof s->h->reference_date, "%s", v);
	else if (item == SI_LEA)
		snprintf(s->h->lea, sizeof s->h->lea, "%s", v);
}

static void trim(char *v)
{
	size_t n = strlen(v), i = 0;
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\n' || v[n - 1] == '\t' || v[n - 1] == '\r'))
		v[--n] = 0;
	while (v[i] == ' ' || v[i] == '\n' || v[i] == '\t' || v[i] == '\r')
		i++;
	if (i)
		memmove(v, v + i, n - i + 1);
}

static void start_element(struct st *s, const char *name, int xml_depth, int empty)
{
	if (s->item >= 0) {
		problem(s, "element <%s> inside an item: items hold text only", name);
		return;
	}
	if (xml_depth == 0) {
		if (strcmp(name, "Message"))
			snprintf(s->fatal, sizeof s->fatal, "line %ld: the root element is <%s>, not <Message>", line_of(s), name);
		return;
	}
	if (xml_depth == 1) {
		if (strcmp(name, "Header") && strcmp(name, "Persons"))
			problem(s, "unknown element <%s> in <Message>", name);
		return;
	}
	if (!s->in_person) {
		if (!strcmp(name, "Person") && xml_depth == 2) {
			s->in_person = 1;
			s->persons++;
			sen2_person_reset(s->p);
			s->p->index = s->persons;
			sen2_add(s->p, SB_PERSON, -1, line_of(s));
			s->depth = 0;
			s->stack[s->depth++] = 0;
			if (empty)
				problem(s, "an empty <Person>");
			return;
		}
		if (!strcmp(name, "CollectionDetails"))
			s->header_block = SB_COLLECTION;
		else if (!strcmp(name, "Source"))
			s->header_block = SB_SOURCE;
		else if (s->header_block >= 0) {
			const struct sen2_element *e = sen2_element_of((enum sen2_block)s->header_block, name);
			if (!e)
				problem(s, "unknown element <%s> in <%s>", name, sen2_block_tags[s->header_block]);
			else if (!empty) {
				s->item = e->item;
				s->item_node = -1;
				s->vlen = 0;
				s->value_long = 0;
			}
		} else
			problem(s, "unknown element <%s> in the header", name);
		return;
	}
	int top = s->stack[s->depth - 1];
	enum sen2_block in = s->p->node[top].block;
	int b = block_of(name);
	if (b >= 0) {
		if (parent_block(b) != (int)in) {
			problem(s, "<%s> cannot be inside <%s>", name, sen2_block_tags[in]);
			b = -1;
		}
		int k = b >= 0 ? sen2_add(s->p, (enum sen2_block)b, top, line_of(s)) : -1;
		if (b >= 0 && k < 0)
			problem(s, "this person has more than %d blocks: sendmis reads at most that many", SEN2_MAX_NODES);
		if (!empty) {
			if (s->depth == MAX_DEPTH) {
				snprintf(s->fatal, sizeof s->fatal, "line %ld: elements nested too deep", line_of(s));
				return;
			}
			s->stack[s->depth++] = k >= 0 ? k : top;   /* a misplaced block: its items go nowhere */
		}
		return;
	}
	const struct sen2_element *e = sen2_element_of(in, name);
	if (!e) {
		problem(s, "unknown element <%s> in <%s>", name, sen2_block_tags[in]);
		return;
	}
	if (s->h->year[0] && !sen2_in_year(e, atoi(s->h->year)))
		problem(s, "<%s> is not in the %s collection", name, s->h->year);
	if (s->p->node[top].v[e->item])
		problem(s, "<%s> is given twice in one <%s>", name, sen2_block_tags[in]);
	if (empty)
		return;
	s->item = e->item;
	s->item_node = top;
	s->vlen = 0;
	s->value_long = 0;
}

static void text(struct st *s, const char *t)
{
	if (s->item < 0)
		return;
	size_t n = strlen(t);
	if (s->vlen + n >= MAX_VALUE) {
		s->value_long = 1;
		return;
	}
	memcpy(s->value + s->vlen, t, n);
	s->vlen += n;
}

static void end_element(struct st *s, const char *name, int xml_depth)
{
	if (s->item >= 0) {
		s->value[s->vlen] = 0;
		trim(s->value);
		if (s->value_long)
			problem(s, "<%s> is longer than %d characters", name, MAX_VALUE - 1);
		else if (s->item_node < 0)
			header_item(s, s->item, s->value);
		else {
			size_t before = s->p->used;
			sen2_set(s->p, s->item_node, (enum sen2_item)s->item, s->value);
			if (s->p->overflow && s->p->used == before && s->value[0])
				problem(s, "this person's text is longer than sendmis reads for one person (%d bytes)", SEN2_ARENA);
		}
		s->item = -1;
		return;
	}
	if (!s->in_person) {
		if (!strcmp(name, "CollectionDetails") || !strcmp(name, "Source"))
			s->header_block = -1;
		return;
	}
	if (xml_depth == 2 && !strcmp(name, "Person")) {
		s->in_person = 0;
		s->h->bytes = xmlTextReaderByteConsumed(s->rd);
		if (s->cb->person && s->cb->person(s->cb->ctx, s->h, s->p))
			s->stopped = 1;
		return;
	}
	if (block_of(name) >= 0 && s->depth > 1)
		s->depth--;
}

static int read_all(xmlTextReaderPtr rd, const char *what, struct sen2_file_header *h, const struct sen2_reader_cb *cb,
                    char *err, size_t errlen);

int sen2_read_file(const char *path, struct sen2_file_header *h, const struct sen2_reader_cb *cb, char *err,
                   size_t errlen)
{
	/* no network, no DTD loading, no entity substitution: refused below if a DTD appears at all */
	return read_all(xmlReaderForFile(path, NULL, XML_PARSE_NONET), path, h, cb, err, errlen);
}

int sen2_read_memory(const char *data, size_t len, struct sen2_file_header *h, const struct sen2_reader_cb *cb,
                     char *err, size_t errlen)
{
	if (len > (size_t)INT32_MAX) {
		snprintf(err, errlen, "the data is too large");
		return -1;
	}
	return read_all(xmlReaderForMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET), "the data", h, cb, err, errlen);
}

static int read_all(xmlTextReaderPtr rd, const char *what, struct sen2_file_header *h, const struct sen2_reader_cb *cb,
                    char *err, size_t errlen)
{
	memset(h, 0, sizeof *h);
	struct st *s = calloc(1, sizeof *s);
	struct sen2_person *p = malloc(sizeof *p);
	if (!s || !p) {
		free(s);
		free(p);
		if (rd)
			xmlFreeTextReader(rd);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	s->cb = cb;
	s->h = h;
	s->p = p;
	s->item = -1;
	s->header_block = -1;
	s->rd = rd;
	if (!s->rd) {
		snprintf(err, errlen, "%s cannot be opened", what);
		free(s);
		free(p);
		return -1;
	}
	xmlTextReaderSetStructuredErrorHandler(s->rd, on_error, s);
	int rc = 1;
	while (!s->fatal[0] && !s->stopped && (rc = xmlTextReaderRead(s->rd)) == 1) {
		int type = xmlTextReaderNodeType(s->rd);
		const char *name = (const char *)xmlTextReaderConstLocalName(s->rd);
		int depth = xmlTextReaderDepth(s->rd);
		switch (type) {
		case XML_READER_TYPE_DOCUMENT_TYPE:
			snprintf(s->fatal, sizeof s->fatal, "line %ld: the file declares a DTD (<!DOCTYPE>): a SEN2 file has "
			         "none, and sendmis does not read them (their entities can expand without limit)", line_of(s));
			break;
		case XML_READER_TYPE_ENTITY_REFERENCE:
		case XML_READER_TYPE_ENTITY:
			snprintf(s->fatal, sizeof s->fatal, "line %ld: the file uses an entity (&%s;) that is not XML's own",
			         line_of(s), name ? name : "");
			break;
		case XML_READER_TYPE_ELEMENT:
			start_element(s, name ? name : "", depth, xmlTextReaderIsEmptyElement(s->rd));
			if (xmlTextReaderIsEmptyElement(s->rd) && s->in_person && depth == 2 && name && !strcmp(name, "Person"))
				s->in_person = 0;
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE: {
			const char *t = (const char *)xmlTextReaderConstValue(s->rd);
			if (t)
				text(s, t);
			break;
		}
		case XML_READER_TYPE_END_ELEMENT:
			end_element(s, name ? name : "", depth);
			break;
		default:
			break;
		}
	}
	if (!s->fatal[0] && !s->stopped && rc < 0)
		snprintf(s->fatal, sizeof s->fatal, "the file is not well-formed XML");
	int out = 0;
	if (s->fatal[0]) {
		snprintf(err, errlen, "%s", s->fatal);
		out = -1;
	} else if (!s->stopped && !h->reference_date[0] && s->persons == 0)
		problem(s, "no <Header> with a ReferenceDate, and no people: is this a SEN2 file?");
	xmlFreeTextReader(s->rd);
	free(s);
	free(p);
	return out;
}

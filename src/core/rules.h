/* rules.h — the statutory rules table (pure data).
 *
 * DESIGN: every step the law (or statutory guidance) times is one row of
 * rules[] in rules.c: its id, the step it produces, the legal citation, the
 * amount and unit, the event it counts from, which counting convention an
 * area may change, which exceptions excuse it, and the dates the rule is in
 * force.  Nothing timed by law is written anywhere else: the clock
 * (clock.c) reads these rows, and the web pages, `sendmis clock` and the
 * work queues all go through the clock.  Changing the law is changing a
 * row.  The exception reasons are a second table with the regulation each
 * relies on, the least length the law requires, and their own in-force
 * window (the 2020 coronavirus amendments).
 */
#ifndef SENDMIS_RULES_H
#define SENDMIS_RULES_H
#include "core/date.h"

enum exc_reason {
	EXC_SCHOOL_CLOSURE,       /* reg 5(4)(a) */
	EXC_EARLY_YEARS_CLOSURE,  /* reg 5(4)(b) */
	EXC_PERSONAL,             /* reg 5(4)(c), 8(2)(a) */
	EXC_ABSENCE,              /* reg 5(4)(d), 8(2)(b) */
	EXC_MISSED_APPOINTMENT,   /* reg 8(2)(c) */
	EXC_CORONAVIRUS,          /* SI 2020/471 */
	EXC_SEN2_RETURN,          /* Week20 = 1 in an imported SEN2 return: the reason not known */
	EXC_N
};
#define EXC_BIT(r) (1u << (r))

struct exc_def {
	enum exc_reason reason;
	const char *code;         /* "school_closure": the contract's and the store's value */
	const char *label;        /* "School or college closed for 4 weeks or more" */
	const char *citation;
	int min_days;             /* the episode must last at least this long (0 = any) */
	const char *from, *to;    /* in force, ISO dates; NULL = open */
};
extern const struct exc_def exc_defs[EXC_N];
const struct exc_def *exc_by_code(const char *code);   /* NULL if unknown */

enum rule_unit {
	RU_DAYS,            /* anchor + amount days */
	RU_WEEKS,           /* "within N weeks of X": anchor + 7N (convention: weeks) */
	RU_PERIOD_DAYS,     /* "at least N days beginning with X": last day (convention: draft) */
	RU_PERIOD_MONTHS,   /* "a period of N months starting with X" (convention: year) */
	RU_MONTHS,          /* N calendar months after X, month-end clamped (guidance cadences) */
	RU_WEEKS_BEFORE,    /* at least N weeks before the anchor: anchor - 7N */
	RU_FIXED,           /* a fixed day of the year: amount = MMDD, in the anchor's year */
};

/* Conventions an area may set (struct clock_settings). */
enum rule_conv { CONV_NONE, CONV_WEEKS, CONV_DRAFT, CONV_YEAR };

/* Row ids: an enum that indexes the table, so a typo is a compile error
 * and a lookup costs nothing.  Each row also has a text id (struct
 * rule.id), the one stored (clock_steps.rule) and shown in `sendmis clock
 * --rules`; rule_by_id finds a row by it. */
enum rule_id {
	R_REQUEST_DECISION,
	R_ADVICE,
	R_NOT_ISSUE_DECISION,
	R_DRAFT_COMMENT_END,
	R_FINAL_PLAN,
	R_REVIEW_IN_TIME,
	R_REVIEW_INVITATIONS,
	R_REVIEW_ADVICE,
	R_REVIEW_DECISION,
	R_REVIEW_AMENDMENTS,
	R_REVIEW_FINAL_AMENDED,
	R_REVIEW_AMEND_CAP,
	R_REVIEW_DUE,
	R_UNDER5_REVIEW,
	R_PHASE_FINAL,
	R_PHASE_FINAL_POST16,
	R_PHASE_ANCHOR,
	R_PHASE_MEETING,
	R_TRANSFER_LETTER,
	R_TRANSFER_REVIEW,
	R_N
};

struct rule {
	const char *id;           /* unique row id */
	const char *step;         /* the step id it produces ("advice" is "advice:<service>") */
	const char *title;        /* what a person reads: "Decision whether to assess" */
	const char *citation;     /* "SEND Regulations 2014 reg 5(1)" */
	int amount;
	enum rule_unit unit;
	const char *anchor;       /* the event counted from, in words */
	enum rule_conv conv;
	unsigned excused_by;      /* EXC_BIT()s */
	const char *from, *to;    /* in force for anchors in [from, to]; NULL = open */
	int contract;             /* part of `sendmis clock` output (docs/clock.md) */
	int advisory;             /* guidance: shown as advice, never a breach */
};

extern const struct rule rules[];
extern const int rules_n;   /* R_N */
/* The row of an id. */
const struct rule *rule_get(enum rule_id id);
/* The row whose text id is `id` (not step): NULL if none. */
const struct rule *rule_by_id(const char *id);


#endif

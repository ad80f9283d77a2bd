/* survey.h — questionnaires' rules, pure (no I/O): the kinds of question,
 * the five-point scale, what an answer may be, and the statistics results
 * are shown with (Wilson's 95% interval; small numbers suppressed).
 */
#ifndef SENDMIS_CORE_SURVEY_H
#define SENDMIS_CORE_SURVEY_H
#include "core/errs.h"
#include <stddef.h>

enum sq_kind { SQ_LIKERT, SQ_YESNO, SQ_SINGLE, SQ_MULTIPLE, SQ_TEXT, SQ_KINDS };
/* "likert", "yesno", "single", "multiple", "text"; -1 if none. */
int sq_kind_parse(const char *s);
const char *sq_kind_code(enum sq_kind k);
const char *sq_kind_label(enum sq_kind k);   /* "Agree or disagree (5 points)" … */

/* The five points, 1 = Strongly agree … 5 = Strongly disagree. */
#define SQ_LIKERT_N 5
const char *sq_likert_label(int point);      /* NULL outside 1..5 */
/* An answer agrees: Likert 1 or 2, yes/no 1. */
int sq_agrees(enum sq_kind k, const char *value);
/* The same rule in SQL, 1 or 0, over a question's kind q.kind and an
 * answer's value a.value: what the results and the dashboard's agreement
 * count (test_survey.c holds it to sq_agrees for every kind and value). */
#define SQ_AGREES_SQL "CASE WHEN (q.kind='likert' AND a.value IN ('1','2')) OR (q.kind='yesno' AND a.value='1') " \
	"THEN 1 ELSE 0 END"

#define SQ_MAX_OPTIONS 12
#define SQ_OPTION_MAX 120
#define SQ_WORDING_MAX 300
#define SQ_TEXT_ANSWER_MAX 2000
/* The options of a choice question: one a line, blank lines skipped,
 * trimmed.  Fills opts (pointers into buf, a copy) and returns how many,
 * or -1 with an error on "options" (too many, too long, repeated). */
int sq_options_split(const char *text, char *buf, size_t bufsz, const char *opts[SQ_MAX_OPTIONS], struct errs *err);

/* Checks a question as the builder submits it; errors name wording,
 * statement and options. */
void sq_question_check(int kind, const char *wording, const char *statement, const char *options, struct errs *err);

/* Canonical form of an answer to one question (`field`: the form's name
 * for errors).  Likert "1".."5", yes/no "1"/"0", single the option's
 * number, multiple numbers "1,3" ascending (values: every box ticked),
 * text trimmed.  out "" when not answered.  0, or -1 with an error. */
int sq_answer_parse(enum sq_kind k, int nopts, const char *const *values, int nvalues, int required,
                    const char *field, char *out, size_t outsz, struct errs *err);

/* Wilson score interval at 95% (z = 1.96) for x of n agreeing: lo, hi in
 * 0..1.  n = 0 gives 0, 0. */
void sq_wilson(long x, long n, double *lo, double *hi);
/* Fewer than this many answers: shown as "fewer than 5", never a share. */
#define SQ_SUPPRESS_BELOW 5
int sq_suppressed(long n);

/* The quarter "2026-Q3" of a month "2026-08" or a day "2026-08-14";
 * -1 if it is neither. */
int sq_quarter(const char *month_or_day, char out[8]);

/* A token for a single-use link: 32 random bytes as URL-safe base64 (43
 * characters) — the bytes are the caller's (core does no I/O). */
#define SQ_TOKEN_LEN 43
void sq_token_encode(const unsigned char rnd[32], char out[SQ_TOKEN_LEN + 1]);
/* Whether s looks like a token (43 URL-safe base64 characters). */
int sq_token_shape(const char *s);
/* Hides every survey link's token in s, in place ("/s/TOKEN" becomes
 * "/s/" SQ_TOKEN_MASK), for an email body shown to staff: the link is the
 * family's key.  Returns how many were hidden. */
#define SQ_TOKEN_MASK "[link hidden: only the family can open it]"
int sq_mask_links(char *s);

#endif

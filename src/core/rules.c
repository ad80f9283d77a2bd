/* rules.c — the statutory rules table; see rules.h.
 *
 * Sources: ../shared/reference/statutory-timescales.md (row ids T01…), the
 * SEND Regulations 2014 (SI 2014/1530), the Children and Families Act 2014
 * and the SEND Code of Practice (2015).  Where the reference marks a point
 * unconfirmed, the value here is the reference's default and the row says
 * so; the counting conventions an area may change are in clock_settings.
 */
#include "core/rules.h"
#include "core/codes.h"
#include <string.h>

#define B EXC_BIT
/* regs 5(4), 10(4), 13(3): (a)-(d), and the 2020 coronavirus amendments */
#define EXC_ASSESS (B(EXC_SCHOOL_CLOSURE) | B(EXC_EARLY_YEARS_CLOSURE) | B(EXC_PERSONAL) | B(EXC_ABSENCE) | B(EXC_CORONAVIRUS))
/* reg 8(2): exceptional circumstances, absence, a missed appointment; coronavirus */
#define EXC_ADVICE (B(EXC_PERSONAL) | B(EXC_ABSENCE) | B(EXC_MISSED_APPOINTMENT) | B(EXC_CORONAVIRUS))
/* reviews, phase transfer, LA transfer: no exceptions in the Regs, only the 2020 amendments */
#define EXC_REVIEW B(EXC_CORONAVIRUS)
/* the 20-week steps: and an exception that an imported SEN2 return reports (Week20) */
#define EXC_WEEK20 (EXC_ASSESS | B(EXC_SEN2_RETURN))

/* The reasons as a code list for forms (the same codes and labels as exc_defs). */
#define X_SCHOOL "school_closure", "School or college closed for 4 weeks or more"
#define X_EY "early_years_closure", "Early years provider closed for 4 weeks or more"
#define X_PERSONAL "personal_circumstances", "Exceptional personal circumstances of the child, parent or young person"
#define X_ABSENCE "absence_from_area", "Away from the area for 4 weeks or more"
#define X_MISSED "missed_appointment", "Missed an appointment for advice (advice only)"
#define X_COVID "coronavirus", "Coronavirus (1 May to 25 September 2020 only)"
static const struct code exc_codes[] = {
	{X_SCHOOL, 0, 0}, {X_EY, 0, 0}, {X_PERSONAL, 0, 0}, {X_ABSENCE, 0, 0}, {X_MISSED, 0, 0}, {X_COVID, 0, 0},
};
const struct code_list codes_exception_reason = {"exception_reason", exc_codes, sizeof exc_codes / sizeof exc_codes[0]};

const struct exc_def exc_defs[EXC_N] = {
	{EXC_SCHOOL_CLOSURE, X_SCHOOL,
	 "SEND Regulations 2014 reg 5(4)(a), 10(4)(a), 13(3)", 28, NULL, NULL},
	{EXC_EARLY_YEARS_CLOSURE, X_EY,
	 "SEND Regulations 2014 reg 5(4)(b), 10(4)(b), 13(3)", 28, NULL, NULL},
	{EXC_PERSONAL, X_PERSONAL,
	 "SEND Regulations 2014 reg 5(4)(c), 8(2)(a), 10(4)(c), 13(3)", 0, NULL, NULL},
	{EXC_ABSENCE, X_ABSENCE,
	 "SEND Regulations 2014 reg 5(4)(d), 8(2)(b), 10(4)(d), 13(3)", 28, NULL, NULL},
	{EXC_MISSED_APPOINTMENT, X_MISSED,
	 "SEND Regulations 2014 reg 8(2)(c)", 0, NULL, NULL},
	{EXC_CORONAVIRUS, X_COVID,
	 "SI 2020/471 (SEND (Coronavirus) (Amendment) Regulations 2020)", 0, "2020-05-01", "2020-09-25"},
	/* not a reason a person records (so not in the form's list): an imported return says an
	 * exception applied (Week20 = 1) without saying which; it excuses the 20-week steps only */
	{EXC_SEN2_RETURN, "sen2_week20", "An exception applied, as an imported SEN2 return says (Week20); reason not known",
	 "SEND Regulations 2014 reg 10(4), 13(3), as reported in the SEN2 return", 0, NULL, NULL},
};

const struct exc_def *exc_by_code(const char *code)
{
	for (int i = 0; code && i < EXC_N; i++)
		if (strcmp(exc_defs[i].code, code) == 0)
			return &exc_defs[i];
	return NULL;
}

const struct rule rules[] = {
	/* id, step, title, citation, amount, unit, anchor, convention, excused by, from, to, contract, advisory */

	/* EHC needs assessment and plan (reference §2.1) */
	[R_REQUEST_DECISION] = {"request_decision", "request_decision", "Decision whether to assess",
	 "SEND Regulations 2014 reg 5(1)", 6, RU_WEEKS, "the request was received", CONV_WEEKS, EXC_ASSESS, NULL, NULL, 1, 0},
	[R_ADVICE] = {"advice", "advice", "Advice returned",
	 "SEND Regulations 2014 reg 8(1)", 6, RU_WEEKS, "the advice was requested", CONV_WEEKS, EXC_ADVICE, NULL, NULL, 1, 0},
	[R_NOT_ISSUE_DECISION] = {"not_issue_decision", "not_issue_decision", "Decision not to issue a plan",
	 "SEND Regulations 2014 reg 10(1)", 16, RU_WEEKS, "the request was received", CONV_WEEKS, EXC_WEEK20, NULL, NULL, 1, 0},
	[R_DRAFT_COMMENT_END] = {"draft_comment_end", "draft_comment_end", "End of the 15 days to comment on the draft plan",
	 "SEND Regulations 2014 reg 13(1)", 15, RU_PERIOD_DAYS, "the draft plan was served", CONV_DRAFT, 0, NULL, NULL, 1, 0},
	[R_FINAL_PLAN] = {"final_plan", "final_plan", "Final EHC plan issued",
	 "SEND Regulations 2014 reg 13(2)", 20, RU_WEEKS, "the request was received", CONV_WEEKS, EXC_WEEK20, NULL, NULL, 1, 0},

	/* annual review (reference §2.2, §5) */
	[R_REVIEW_IN_TIME] = {"review_in_time", "review_in_time", "Annual review decided within 12 months",
	 "Children and Families Act 2014 s.44(1); SEND Code of Practice 9.169", 12, RU_PERIOD_MONTHS,
	 "the plan was issued, or the previous review", CONV_YEAR, EXC_REVIEW, NULL, NULL, 1, 0},
	[R_REVIEW_INVITATIONS] = {"review_invitations", "review_invitations", "Review meeting invitations sent",
	 "SEND Regulations 2014 reg 20(3), 21(3)", 2, RU_WEEKS_BEFORE, "the review meeting", CONV_NONE, EXC_REVIEW, NULL, NULL, 0, 0},
	[R_REVIEW_ADVICE] = {"review_advice_circulated", "review_advice_circulated", "Advice and information circulated before the review",
	 "SEND Regulations 2014 reg 20(4), 21(4)", 2, RU_WEEKS_BEFORE, "the review meeting", CONV_NONE, EXC_REVIEW, NULL, NULL, 0, 0},
	[R_REVIEW_DECISION] = {"review_decision", "review_decision", "Review decision (with proposed amendments when amending)",
	 "SEND Regulations 2014 reg 20(10), 22(2)", 4, RU_WEEKS, "the review meeting", CONV_WEEKS, EXC_REVIEW, NULL, NULL, 1, 0},
	/* R (L, M and P) v Devon CC [2022] EWHC 493: a decision to amend is not made in time
	 * unless the proposed amendments go with it, within the 4 weeks */
	[R_REVIEW_AMENDMENTS] = {"review_amendments_sent", "review_amendments_sent", "Proposed amendments sent with the decision to amend",
	 "SEND Regulations 2014 reg 20(10), 22(2); R (L, M and P) v Devon CC [2022] EWHC 493", 4, RU_WEEKS,
	 "the review meeting", CONV_WEEKS, EXC_REVIEW, NULL, NULL, 0, 0},
	[R_REVIEW_FINAL_AMENDED] = {"review_final_amended", "review_final_amended", "Final amended plan issued",
	 "SEND Regulations 2014 reg 22(3)", 8, RU_WEEKS, "the proposed amendments were sent", CONV_WEEKS, EXC_REVIEW, NULL, NULL, 1, 0},
	/* R (L, M and P) v Devon CC [2022] EWHC 493: at most 12 weeks from the meeting; used
	 * for the final amended plan while no proposed amendments have been sent */
	[R_REVIEW_AMEND_CAP] = {"review_final_amended_cap", "review_final_amended", "Final amended plan issued",
	 "SEND Regulations 2014 reg 20(10), 22(3); R (L, M and P) v Devon CC [2022] EWHC 493", 12, RU_WEEKS,
	 "the review meeting", CONV_WEEKS, EXC_REVIEW, NULL, NULL, 1, 0},
	[R_REVIEW_DUE] = {"review_due", "review_due", "Next annual review due",
	 "Children and Families Act 2014 s.44(1); SEND Code of Practice 9.166", 12, RU_PERIOD_MONTHS,
	 "the plan was issued, or the latest review decision", CONV_YEAR, EXC_REVIEW, NULL, NULL, 1, 0},
	/* amount is the area's setting (under5_review_months); this is the default */
	[R_UNDER5_REVIEW] = {"under5_review", "under5_review", "Recommended review for a child under 5 (guidance)",
	 "SEND Code of Practice 9.178 (should consider every 3 to 6 months)", 6, RU_MONTHS,
	 "the plan was issued, or the latest review decision", CONV_NONE, 0, NULL, NULL, 0, 1},

	/* phase transfer (reference §2.3, §6): before 15 February / 31 March of the year of transfer */
	[R_PHASE_FINAL] = {"phase_transfer_final", "phase_transfer_final", "Plan amended for the phase transfer",
	 "SEND Regulations 2014 reg 18(1)", 214, RU_FIXED, "the year of transfer", CONV_NONE, EXC_REVIEW, NULL, NULL, 1, 0},
	[R_PHASE_FINAL_POST16] = {"phase_transfer_final_post16", "phase_transfer_final", "Plan amended for the move to post-16",
	 "SEND Regulations 2014 reg 18(1)", 330, RU_FIXED, "the year of transfer", CONV_NONE, EXC_REVIEW, NULL, NULL, 1, 0},
	/* the exception window and the cohort: the 12 months before the deadline (reg 18(1)) */
	[R_PHASE_ANCHOR] = {"phase_transfer_window", "phase_transfer_final", "Transfer within the next 12 months",
	 "SEND Regulations 2014 reg 18(1)", -12, RU_MONTHS, "the phase-transfer deadline", CONV_NONE, 0, NULL, NULL, 0, 0},
	/* derived (reference §6.3): the longest route is a decision with amendments at 4 weeks and
	 * the final plan 8 weeks later, so the meeting is at the latest 12 weeks before the deadline */
	[R_PHASE_MEETING] = {"phase_transfer_meeting", "phase_transfer_meeting", "Latest phase-transfer review meeting (back-scheduled)",
	 "SEND Regulations 2014 reg 18(1), 20(10), 22(3) (derived)", 12, RU_WEEKS_BEFORE,
	 "the phase-transfer deadline", CONV_NONE, 0, NULL, NULL, 0, 1},

	/* transfer in from another local authority (reference §2.4, §7) */
	[R_TRANSFER_LETTER] = {"transfer_in_letter", "transfer_in_letter", "Letter to the family after the plan transferred in",
	 "SEND Regulations 2014 reg 15(4)", 6, RU_WEEKS, "the plan transferred in", CONV_WEEKS, EXC_REVIEW, NULL, NULL, 0, 0},
	/* amount is the area's setting (transfer_in_review_months): the "about 3 months" limb is unconfirmed */
	[R_TRANSFER_REVIEW] = {"transfer_in_review", "review_due", "Review after a transfer in (later of the anniversary and this)",
	 "SEND Regulations 2014 reg 15(5)", 3, RU_MONTHS, "the plan transferred in", CONV_NONE, EXC_REVIEW, NULL, NULL, 0, 0},
};
_Static_assert(sizeof rules / sizeof rules[0] == R_N, "a row for every rule id");
const int rules_n = R_N;

const struct rule *rule_get(enum rule_id id)
{
	return (unsigned)id < R_N ? &rules[id] : NULL;
}

const struct rule *rule_by_id(const char *id)
{
	for (int i = 0; id && i < rules_n; i++)
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	return NULL;
}

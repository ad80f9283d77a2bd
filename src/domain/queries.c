/* queries.c — see queries.h. */
#include "domain/queries.h"

const char Q_PERSON_PLANS[] =
	"SELECT id,status,COALESCE(draft_date,''),COALESCE(issue_date,''),COALESCE(start_date,''),"
	"COALESCE(cease_date,''),COALESCE(cease_reason,''),COALESCE(last_review_date,''),COALESCE(next_review_due,''),"
	"personal_budget,COALESCE(transfer_in_la,'') FROM plans WHERE person_id=? "
	"ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, issue_date DESC NULLS LAST, id DESC";

const char Q_PLAN_REVIEWS[] =
	"SELECT id,meeting_date,COALESCE(decision_date,''),COALESCE(outcome,'') FROM reviews WHERE plan_id=? "
	"ORDER BY meeting_date DESC, id DESC";

const char Q_PLAN_NAMED[] =
	"SELECT n.id,COALESCE(n.establishment_id,0),COALESCE(e.name,''),COALESCE(n.setting_code,''),n.rank "
	"FROM named_settings n LEFT JOIN establishments e ON e.id=n.establishment_id WHERE n.plan_id=? ORDER BY n.rank, n.id";

const char Q_PERSON_NEEDS[] =
	"SELECT id,rank,sen_type FROM needs WHERE person_id=? ORDER BY rank";

const char Q_PERSON_PLACEMENTS[] =
	"SELECT c.id,COALESCE(e.id,0),COALESCE(e.name,''),COALESCE(e.setting_type,''),"
	"CASE WHEN e.la_code IS NOT NULL AND e.la_code<>?1 THEN 1 ELSE 0 END,COALESCE(c.setting_code,''),"
	"c.start_date,COALESCE(c.end_date,''),c.rank,COALESCE(c.residential,''),COALESCE(c.work_based,'') "
	"FROM placements c LEFT JOIN establishments e ON e.id=c.establishment_id WHERE c.person_id=?2 "
	"ORDER BY (c.end_date IS NULL) DESC, c.end_date DESC, c.rank, c.start_date DESC";

const char Q_PLACEMENT_VISITS[] =
	"SELECT id,visit_date,visit_type,outcome,COALESCE(visitor,'') FROM visits WHERE placement_id=? "
	"ORDER BY visit_date DESC, id DESC";

const char Q_PERSON_REQUESTS[] =
	"SELECT q.id,q.received_date,COALESCE(q.source,''),COALESCE(q.outcome,''),COALESCE(q.outcome_date,''),"
	"COALESCE(a.id,0),COALESCE(a.outcome,''),COALESCE(a.outcome_date,'') "
	"FROM requests q LEFT JOIN assessments a ON a.request_id=q.id WHERE q.person_id=? ORDER BY q.received_date DESC, q.id DESC";

const char Q_PERSON_NOTES[] =
	"SELECT n.created_at,u.display_name,n.body,n.id,n.version FROM notes n JOIN users u ON u.id=n.author_id "
	"WHERE n.person_id=? ORDER BY n.created_at DESC, n.id DESC";

const char Q_PERSON_HISTORY[] =
	"SELECT a.at,COALESCE(u.display_name,'sendmis'),a.action,a.entity,COALESCE(a.fields,'') "
	"FROM audit_events a LEFT JOIN users u ON u.id=a.user_id "
	"WHERE a.person_id=? AND a.action IN ('create','update','delete','allocate') ORDER BY a.id DESC LIMIT 100";

const char Q_PERSON_CASEWORKER[] =
	"SELECT u.id,u.display_name,a.start_date FROM allocations a JOIN users u ON u.id=a.user_id "
	"WHERE a.person_id=? AND a.end_date IS NULL";

/* Who holds a caseload: an active user with the caseworker role.  Managers
 * and admins lead the team (their home is the team view) and read-only users
 * change nothing, so none of them is allocated children; a disabled account
 * takes no new work.  The allocation form, its check and the caseworker
 * filters all use this one definition. */
#define HOLDS_CASELOAD "u.disabled=0 AND u.role='caseworker'"

const char Q_CASEWORKERS[] =
	"SELECT u.id,u.display_name,u.role FROM users u WHERE " HOLDS_CASELOAD " ORDER BY u.display_name, u.id";

const char Q_CASEWORKER_LOADS[] =
	"SELECT u.id,u.display_name,"
	"(SELECT COUNT(*) FROM allocations a WHERE a.user_id=u.id AND a.end_date IS NULL) "
	"FROM users u WHERE " HOLDS_CASELOAD " ORDER BY u.display_name, u.id";

const char Q_ESTABLISHMENT_PUPILS[] =
	"SELECT p.id,p.forename,p.surname,c.start_date FROM placements c JOIN people p ON p.id=c.person_id "
	"WHERE c.establishment_id=?1 AND (c.end_date IS NULL OR c.end_date>=?2) ORDER BY p.surname,p.forename,p.id";

/* Establishments list.  ?1 name pattern (db_like_pattern), ?2 exact URN/UKPRN, ?3 setting
 * type, ?4 area in/out, ?5 LA code; page adds ?6 today, ?7 limit, ?8 offset. */
const char Q_ESTAB_COUNT[] =
	"SELECT COUNT(*) FROM establishments WHERE (?1='' OR lower(name) LIKE lower(?1) ESCAPE '\\' OR urn=?2 OR ukprn=?2) "
	"AND (?3='' OR setting_type=?3) AND (?4='' OR (?4='in' AND la_code=?5) OR (?4='out' AND la_code<>?5))";
const char Q_ESTAB_PAGE[] =
	"SELECT e.id,e.name,COALESCE(e.urn,''),COALESCE(e.ukprn,''),e.setting_type,e.phase,e.la_code,COALESCE(e.ofsted_grade,''),"
	"(SELECT COUNT(*) FROM placements c WHERE c.establishment_id=e.id AND (c.end_date IS NULL OR c.end_date>=?6)) "
	"FROM establishments e WHERE (?1='' OR lower(name) LIKE lower(?1) ESCAPE '\\' OR urn=?2 OR ukprn=?2) "
	"AND (?3='' OR setting_type=?3) AND (?4='' OR (?4='in' AND la_code=?5) OR (?4='out' AND la_code<>?5)) "
	"ORDER BY e.name, e.id LIMIT ?7 OFFSET ?8";

const char Q_USER_OPTIONS[] =
	"SELECT id, display_name, username FROM users ORDER BY display_name, username, id";

const char Q_ESTAB_OPTIONS[] =
	"SELECT id, name, COALESCE(urn, ukprn) FROM establishments ORDER BY name, id";

const char Q_PANEL_OPTIONS[] =
	"SELECT id, kind, meeting_date, COALESCE(title,'') FROM panels WHERE meeting_date>=?1 ORDER BY meeting_date, id";

const char Q_REQUEST_ASSESSMENT[] =
	"SELECT COALESCE(q.outcome,''), COALESCE(a.id,0) FROM requests q "
	"LEFT JOIN assessments a ON a.request_id=q.id WHERE q.id=?";

const char Q_USER_ALLOCATABLE[] =
	"SELECT 1 FROM users u WHERE u.id=? AND " HOLDS_CASELOAD;

int allocation_set(db *d, int64_t person_id, int64_t user_id, const char *today)
{
	int64_t current = 0;
	db_stmt *s = db_prepare(d, "SELECT user_id FROM allocations WHERE person_id=? AND end_date IS NULL");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	if (db_step(s) == DB_ROW)
		current = db_col_int(s, 0);
	db_done(s);
	if (current == user_id)
		return 1;
	s = db_prepare(d, "UPDATE allocations SET end_date=?, version=version+1 WHERE person_id=? AND end_date IS NULL");
	if (!s)
		return -1;
	db_bind_text(s, 1, today);
	db_bind_int(s, 2, person_id);
	int rc = db_step(s);
	db_done(s);
	if (rc != DB_DONE)
		return -1;
	s = db_prepare(d, "INSERT INTO allocations(person_id,user_id,start_date) VALUES(?,?,?)");
	if (!s)
		return -1;
	db_bind_int(s, 1, person_id);
	db_bind_int(s, 2, user_id);
	db_bind_text(s, 3, today);
	rc = db_step(s);
	db_done(s);
	return rc == DB_DONE ? 0 : -1;
}

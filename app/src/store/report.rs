//! The report's tables: each ticket's facts and spans (rewritten from its history in the same
//! transaction as every change), and the reads a day's report needs.
use super::{placeholders, Store, Tx};
use crate::domain::events::EventData;
use crate::domain::report::{
    project, reach, reaches_cached, AtClose, CategoryRef, CloseDelta, Counts, DepartmentRef, Fact,
    FactKind, FactRow, Reach, Span, TicketBasics,
};
use crate::domain::ticket::{CallbackOutcome, Channel};
use crate::error::AppError;
use std::collections::BTreeMap;

/// Tickets per batch when rebuilding everything.
const BATCH: i64 = 500;

#[derive(sqlx::FromRow)]
struct BasicsRow {
    id: i64,
    registered_at: i64,
    channel: String,
    category_id: i64,
    repeat: i64,
}

/// A span as stored: department, opened, closed, due.
type SpanSql = (Option<i64>, i64, Option<i64>, Option<i64>);

#[derive(sqlx::FromRow)]
struct EventRow {
    ticket_id: i64,
    at: i64,
    actor_id: Option<i64>,
    data: String,
}

#[derive(sqlx::FromRow)]
struct FactSql {
    ticket_id: i64,
    kind: String,
    at: i64,
    department_id: Option<i64>,
    category_id: Option<i64>,
    channel: Option<String>,
    outcome: Option<String>,
    on_time: Option<i64>,
    person_id: Option<i64>,
    paired_at: Option<i64>,
    flags: i64,
}

/// Rewrites the facts and spans of the tickets with ids in `[from, to)` from their history.
pub(super) async fn project_range(
    conn: &mut sqlx::AnyConnection,
    from: i64,
    to: i64,
) -> Result<usize, AppError> {
    // A repeat call: the same caller (not anonymous) about the same category within the
    // days before (an earlier instant, or the same one and a lower id).
    let tickets: Vec<BasicsRow> = sqlx::query_as(
        "SELECT t.id, t.registered_at, t.channel, t.category_id, \
         CASE WHEN t.caller_phone <> '' AND EXISTS (SELECT 1 FROM tickets p \
           WHERE p.caller_phone = t.caller_phone AND p.registered_at >= t.registered_at - $3 \
           AND p.registered_at <= t.registered_at AND +p.category_id = t.category_id \
           AND (p.registered_at < t.registered_at OR p.id < t.id)) THEN 1 ELSE 0 END AS repeat \
         FROM tickets t WHERE t.id >= $1 AND t.id < $2 ORDER BY t.id",
    )
    .bind(from)
    .bind(to)
    .bind(crate::domain::kpi::REPEAT_DAYS * 86_400_000)
    .fetch_all(&mut *conn)
    .await?;
    let events: Vec<EventRow> = sqlx::query_as(
        "SELECT ticket_id, at, actor_id, data FROM ticket_events \
         WHERE ticket_id >= $1 AND ticket_id < $2 ORDER BY ticket_id, seq",
    )
    .bind(from)
    .bind(to)
    .fetch_all(&mut *conn)
    .await?;
    let mut by_ticket: BTreeMap<i64, Vec<crate::domain::report::Step>> = BTreeMap::new();
    for e in events {
        // Every stored event parses; one that does not (a kind from a newer version) counts
        // for nothing here rather than failing the report.
        if let Ok(data) = serde_json::from_str::<EventData>(&e.data) {
            by_ticket
                .entry(e.ticket_id)
                .or_default()
                .push((e.at, e.actor_id, data));
        }
    }
    let mut facts: Vec<(i64, Fact)> = Vec::new();
    let mut spans: Vec<(i64, Span)> = Vec::new();
    for t in &tickets {
        let basics = TicketBasics {
            registered_at: t.registered_at,
            channel: Channel::parse(&t.channel).unwrap_or(Channel::Other),
            category_id: t.category_id,
            repeat: t.repeat != 0,
        };
        let history = by_ticket.remove(&t.id).unwrap_or_default();
        let (f, s) = project(&basics, &history);
        facts.extend(f.into_iter().map(|f| (t.id, f)));
        spans.extend(s.into_iter().map(|s| (t.id, s)));
    }
    if to - from == 1 {
        let old = ticket_projection(conn, from).await?;
        let new_facts: Vec<Fact> = facts.iter().map(|(_, f)| f.clone()).collect();
        let new_spans: Vec<Span> = spans.iter().map(|(_, s)| s.clone()).collect();
        let reaches = reach((&old.0, &old.1), (&new_facts, &new_spans));
        if reaches_cached(&reaches, super::now_ms()) {
            forget_days(conn, &reaches).await?;
        }
    } else {
        // Many tickets at once (a rebuild, a bulk load, an import): every cached day goes.
        forget_all_days(conn).await?;
    }
    for table in ["report_facts", "report_spans"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE ticket_id >= $1 AND ticket_id < $2"
        ))
        .bind(from)
        .bind(to)
        .execute(&mut *conn)
        .await?;
    }
    for chunk in facts.chunks(250) {
        let sql = format!(
            "INSERT INTO report_facts (ticket_id, kind, at, department_id, category_id, \
             channel, outcome, on_time, person_id, paired_at, flags) VALUES {}",
            placeholders(chunk.len(), 11)
        );
        let mut q = sqlx::query(&sql);
        for (id, f) in chunk {
            q = q
                .bind(*id)
                .bind(f.kind.code())
                .bind(f.at)
                .bind(f.department_id)
                .bind(f.category_id)
                .bind(f.channel.map(|c| c.code()))
                .bind(f.outcome.map(|o| o.code()))
                .bind(f.on_time.map(i64::from))
                .bind(f.person_id)
                .bind(f.paired_at)
                .bind(f.flags);
        }
        q.execute(&mut *conn).await?;
    }
    for chunk in spans.chunks(400) {
        let sql = format!(
            "INSERT INTO report_spans (ticket_id, department_id, opened_at, closed_at, due_at) \
             VALUES {}",
            placeholders(chunk.len(), 5)
        );
        let mut q = sqlx::query(&sql);
        for (id, s) in chunk {
            q = q
                .bind(*id)
                .bind(s.department_id)
                .bind(s.opened_at)
                .bind(s.closed_at)
                .bind(s.due_at);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(tickets.len())
}

/// A ticket's facts and spans as they stand in the tables.
async fn ticket_projection(
    conn: &mut sqlx::AnyConnection,
    ticket_id: i64,
) -> Result<(Vec<Fact>, Vec<Span>), AppError> {
    let facts: Vec<FactSql> = sqlx::query_as(
        "SELECT ticket_id, kind, at, department_id, category_id, channel, outcome, on_time, \
         person_id, paired_at, flags \
         FROM report_facts WHERE ticket_id = $1",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    let spans: Vec<SpanSql> = sqlx::query_as(
        "SELECT department_id, opened_at, closed_at, due_at FROM report_spans \
         WHERE ticket_id = $1",
    )
    .bind(ticket_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok((
        facts
            .into_iter()
            .filter_map(fact_row)
            .map(|r| r.fact)
            .collect(),
        spans
            .into_iter()
            .map(|(department_id, opened_at, closed_at, due_at)| Span {
                department_id,
                opened_at,
                closed_at,
                due_at,
            })
            .collect(),
    ))
}

/// Drops the cached days the change reaches and moves the cache's generation on, so a
/// report that read the old facts does not store its days (`Store::cache_days`).
async fn forget_days(conn: &mut sqlx::AnyConnection, reaches: &[Reach]) -> Result<(), AppError> {
    for r in reaches {
        let q = match *r {
            Reach::Instant(at) => {
                sqlx::query("DELETE FROM report_days WHERE from_at <= $1 AND to_at > $1").bind(at)
            }
            Reach::Closes { after, until } => {
                sqlx::query("DELETE FROM report_days WHERE to_at > $1 AND to_at <= $2")
                    .bind(after)
                    .bind(until.unwrap_or(i64::MAX))
            }
        };
        q.execute(&mut *conn).await?;
    }
    sqlx::query("UPDATE report_state SET gen = gen + 1 WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Drops every cached day: what they counted depends on something that changed for all of
/// them (the working calendar, for the assessment's working hours).
pub(super) async fn forget_all_days(conn: &mut sqlx::AnyConnection) -> Result<(), AppError> {
    forget_days(
        conn,
        &[Reach::Closes {
            after: i64::MIN,
            until: None,
        }],
    )
    .await
}

/// ` AND department_id IN (…)` for a department lead's figures (only integers are inlined).
fn only_departments(departments: Option<&[i64]>) -> String {
    match departments {
        None => String::new(),
        Some([]) => " AND 1 = 0".into(),
        Some(ids) => format!(
            " AND department_id IN ({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        ),
    }
}

/// Rewrites one ticket's facts and spans inside the transaction that changed it.
pub async fn reproject(tx: &mut Tx, ticket_id: i64) -> Result<(), AppError> {
    project_range(tx, ticket_id, ticket_id + 1).await?;
    Ok(())
}

fn fact_row(r: FactSql) -> Option<FactRow> {
    Some(FactRow {
        ticket_id: r.ticket_id,
        fact: Fact {
            kind: FactKind::parse(&r.kind)?,
            at: r.at,
            department_id: r.department_id,
            category_id: r.category_id,
            channel: r.channel.as_deref().and_then(Channel::parse),
            outcome: r.outcome.as_deref().and_then(CallbackOutcome::parse),
            on_time: r.on_time.map(|v| v != 0),
            person_id: r.person_id,
            paired_at: r.paired_at,
            flags: r.flags,
        },
    })
}

impl Store {
    /// Rewrites every ticket's facts and spans from the history, in batches; calls
    /// `progress` with the tickets done so far. Returns how many tickets.
    pub async fn rebuild_report_tables(&self, progress: impl Fn(u64)) -> Result<u64, AppError> {
        let max: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM tickets")
            .fetch_one(self.pool())
            .await?;
        let mut done = 0u64;
        let mut from = 0;
        while from <= max.unwrap_or(-1) {
            let mut tx = self.begin_write().await?;
            done += project_range(&mut tx, from, from + BATCH).await? as u64;
            tx.commit().await?;
            progress(done);
            from += BATCH;
        }
        Ok(done)
    }

    /// Whether the report tables lag the history: tickets but no facts, as right after the
    /// upgrade that added them (since then every change writes its facts in its own
    /// transaction, so they cannot lag in part). Two index probes, whatever the size.
    pub async fn report_tables_behind(&self) -> Result<bool, AppError> {
        let (tickets, facts): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM tickets LIMIT 1) t), \
             (SELECT COUNT(*) FROM (SELECT 1 FROM report_facts LIMIT 1) f)",
        )
        .fetch_one(self.pool())
        .await?;
        Ok(tickets > 0 && facts == 0)
    }

    /// The facts in `[from, to)`; with `departments`, only those that happened to one of
    /// them.
    pub async fn report_facts(
        &self,
        from: i64,
        to: i64,
        departments: Option<&[i64]>,
    ) -> Result<Vec<FactRow>, AppError> {
        let rows: Vec<FactSql> = sqlx::query_as(&format!(
            "SELECT ticket_id, kind, at, department_id, category_id, channel, outcome, on_time, \
         person_id, paired_at, flags \
             FROM report_facts WHERE at >= $1 AND at < $2{}",
            only_departments(departments)
        ))
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().filter_map(fact_row).collect())
    }

    /// Tickets received in `[from, to)` by their own category id; with `departments`, only
    /// those whose first department is one of them.
    pub async fn received_by_category(
        &self,
        from: i64,
        to: i64,
        departments: Option<&[i64]>,
    ) -> Result<BTreeMap<i64, i64>, AppError> {
        let only = only_departments(departments);
        let rows: Vec<(Option<i64>, i64)> = sqlx::query_as(&format!(
            "SELECT category_id, COUNT(*) FROM report_facts \
             WHERE at >= $1 AND at < $2 AND kind = 'received'{only} GROUP BY category_id"
        ))
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(c, n)| c.map(|c| (c, n)))
            .collect())
    }

    /// Per department, the tickets waiting for a resolution at the instant `at` and how many
    /// of them were past their deadline then. A stretch `[opened, closed)` holds `at` when
    /// it opened before it and closed at or after it (or is still open).
    pub async fn spans_at(&self, at: i64) -> Result<AtClose, AppError> {
        let sql = "SELECT department_id, COUNT(*), \
                   COALESCE(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END), 0) \
                   FROM report_spans WHERE {} GROUP BY department_id";
        let (first, last): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT MIN(opened_at), MAX(opened_at) FROM report_spans")
                .fetch_one(self.pool())
                .await?;
        let (Some(first), Some(last)) = (first, last) else {
            return Ok(Vec::new());
        };
        // Read from the nearer end: the stretches opened before an early close, or those
        // still open or closed after a late one.
        // (`+column` keeps SQLite, which has no range statistics, off that column's index.)
        let conditions: &[&str] = if at - first < last - at {
            &["opened_at < $1 AND (+closed_at IS NULL OR +closed_at >= $1)"]
        } else {
            &[
                "closed_at IS NULL AND +opened_at < $1",
                "closed_at >= $1 AND +opened_at < $1",
            ]
        };
        let mut out: BTreeMap<Option<i64>, (i64, i64)> = BTreeMap::new();
        for cond in conditions {
            let rows: Vec<(Option<i64>, i64, i64)> = sqlx::query_as(&sql.replace("{}", cond))
                .bind(at)
                .fetch_all(self.pool())
                .await?;
            for (d, n, late) in rows {
                let e = out.entry(d).or_default();
                e.0 += n;
                e.1 += late;
            }
        }
        Ok(out.into_iter().map(|(d, (n, l))| (d, n, l)).collect())
    }

    /// What changed between the closes `c1 < c2` (a day): three index ranges inside the
    /// day, whatever the size of the tables (`domain::report::advance` applies them).
    pub async fn close_delta(&self, c1: i64, c2: i64) -> Result<CloseDelta, AppError> {
        let read = |sql: &'static str| async move {
            let rows: Vec<(Option<i64>, i64, i64)> = sqlx::query_as(sql)
                .bind(c1)
                .bind(c2)
                .fetch_all(self.pool())
                .await?;
            Ok::<_, AppError>(rows)
        };
        Ok(CloseDelta {
            opened: read(
                "SELECT department_id, COUNT(*), \
                 COALESCE(SUM(CASE WHEN due_at < $2 THEN 1 ELSE 0 END), 0) FROM report_spans \
                 WHERE opened_at >= $1 AND opened_at < $2 \
                 AND (+closed_at IS NULL OR +closed_at >= $2) GROUP BY department_id",
            )
            .await?,
            closed: read(
                "SELECT department_id, COUNT(*), \
                 COALESCE(SUM(CASE WHEN due_at < $1 THEN 1 ELSE 0 END), 0) FROM report_spans \
                 WHERE closed_at >= $1 AND closed_at < $2 AND +opened_at < $1 \
                 GROUP BY department_id",
            )
            .await?,
            fell_due: read(
                "SELECT department_id, 0, COUNT(*) FROM report_spans \
                 WHERE due_at >= $1 AND due_at < $2 AND +opened_at < $1 \
                 AND (+closed_at IS NULL OR +closed_at >= $2) GROUP BY department_id",
            )
            .await?,
        })
    }

    /// Departments and categories as the report names them (inactive categories too: old
    /// tickets still carry them).
    pub async fn report_refs(&self) -> Result<(Vec<DepartmentRef>, Vec<CategoryRef>), AppError> {
        let departments: Vec<(i64, String, String)> =
            sqlx::query_as("SELECT id, code, kind FROM departments ORDER BY code")
                .fetch_all(self.pool())
                .await?;
        let categories: Vec<(i64, String, Option<i64>)> =
            sqlx::query_as("SELECT id, code, parent_id FROM categories")
                .fetch_all(self.pool())
                .await?;
        Ok((
            departments
                .into_iter()
                .map(|(id, code, kind)| DepartmentRef {
                    id,
                    code,
                    in_league: kind != "centre",
                })
                .collect(),
            categories
                .into_iter()
                .map(|(id, code, parent_id)| CategoryRef {
                    id,
                    code,
                    parent_id,
                })
                .collect(),
        ))
    }
}

/// A stored report of one day (`report` is the JSON of `domain::report::Report`).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SnapshotRow {
    pub day: String,
    pub version: i64,
    pub report: String,
    pub generated_at: i64,
    pub generated_by: Option<String>,
    pub reason: String,
    pub chain_seq: i64,
    pub chain_hash: String,
}

const SNAPSHOT_SELECT: &str = "SELECT s.day, s.version, s.report, s.generated_at, \
    u.display_name AS generated_by, s.reason, s.chain_seq, s.chain_hash \
    FROM report_snapshots s LEFT JOIN users u ON u.id = s.generated_by";

impl Store {
    /// Stores a new version of the day's report, anchored to the history chain's head now.
    /// `first_only` stores it only when the day has none yet (the day-close job); returns
    /// the version stored, if any.
    pub async fn insert_snapshot(
        &self,
        day: &str,
        report_json: &str,
        generated_at: i64,
        generated_by: Option<i64>,
        reason: &str,
        first_only: bool,
    ) -> Result<Option<i64>, AppError> {
        let mut tx = self.begin_write().await?;
        let last: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM report_snapshots WHERE day = $1")
                .bind(day)
                .fetch_one(&mut *tx)
                .await?;
        if first_only && last.is_some() {
            return Ok(None);
        }
        let (seq, hash): (i64, String) =
            sqlx::query_as("SELECT seq, hash FROM chain_head WHERE id = 1")
                .fetch_one(&mut *tx)
                .await?;
        let version = last.unwrap_or(0) + 1;
        // Two replicas closing the same day: the second insert conflicts and stores nothing.
        let stored = sqlx::query(
            "INSERT INTO report_snapshots (day, version, report, generated_at, generated_by, \
             reason, chain_seq, chain_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (day, version) DO NOTHING",
        )
        .bind(day)
        .bind(version)
        .bind(report_json)
        .bind(generated_at)
        .bind(generated_by)
        .bind(reason)
        .bind(seq)
        .bind(hash)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        Ok((stored == 1).then_some(version))
    }

    /// Every version of the day's report, newest first.
    pub async fn snapshots(&self, day: &str) -> Result<Vec<SnapshotRow>, AppError> {
        Ok(sqlx::query_as(&format!(
            "{SNAPSHOT_SELECT} WHERE s.day = $1 ORDER BY s.version DESC"
        ))
        .bind(day)
        .fetch_all(self.pool())
        .await?)
    }
}

impl Store {
    /// The tickets registered in `[from, to)` that `actor` may see, oldest first; with
    /// `departments`, only those first sent to or now with one of them.
    pub async fn report_tickets(
        &self,
        actor: &crate::domain::workflow::Actor,
        from: i64,
        to: i64,
        departments: Option<&[i64]>,
    ) -> Result<Vec<super::tickets::TicketRow>, AppError> {
        let only = match departments {
            None => String::new(),
            Some(ids) => {
                let ids = if ids.is_empty() {
                    "NULL".to_string()
                } else {
                    ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
                };
                format!(" AND (t.first_department_id IN ({ids}) OR t.department_id IN ({ids}))")
            }
        };
        Ok(sqlx::query_as(&format!(
            "{} WHERE t.registered_at >= $1 AND t.registered_at < $2 AND {}{only} \
             ORDER BY t.registered_at, t.id",
            super::tickets::TICKET_SELECT,
            super::tickets::visibility_clause(actor)
        ))
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?)
    }
}

impl Store {
    /// The cache's generation: a report reads it before the facts, and stores the days it
    /// computed only if no change reached a cached day meanwhile.
    pub async fn report_gen(&self) -> Result<i64, AppError> {
        Ok(
            sqlx::query_scalar("SELECT gen FROM report_state WHERE id = 1")
                .fetch_one(self.pool())
                .await?,
        )
    }

    /// The cached days inside `[from, to)`, by their bounds.
    pub async fn cached_days(
        &self,
        from: i64,
        to: i64,
    ) -> Result<BTreeMap<(i64, i64), Counts>, AppError> {
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT from_at, to_at, counts FROM report_days WHERE from_at >= $1 AND to_at <= $2",
        )
        .bind(from)
        .bind(to)
        .fetch_all(self.pool())
        .await?;
        // A row that does not parse (written by another version) is computed again.
        Ok(rows
            .into_iter()
            .filter_map(|(f, t, json)| Some(((f, t), serde_json::from_str(&json).ok()?)))
            .collect())
    }

    /// Stores computed days `((from, to), counts)` if the generation is still `generation`;
    /// returns whether it did. The generation row is locked first, so a change that is
    /// dropping cached days either committed before (and the generation moved) or waits.
    pub async fn cache_days(
        &self,
        generation: i64,
        days: &[((i64, i64), Counts)],
    ) -> Result<bool, AppError> {
        if days.is_empty() {
            return Ok(true);
        }
        let mut tx = self.begin_write().await?;
        let current = sqlx::query("UPDATE report_state SET gen = gen WHERE id = 1 AND gen = $1")
            .bind(generation)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if current != 1 {
            return Ok(false);
        }
        for chunk in days.chunks(200) {
            let sql = format!(
                "INSERT INTO report_days (from_at, to_at, counts) VALUES {} \
                 ON CONFLICT (from_at, to_at) DO NOTHING",
                placeholders(chunk.len(), 3)
            );
            let mut q = sqlx::query(&sql);
            for ((from, to), counts) in chunk {
                let json = serde_json::to_string(counts).map_err(|_| AppError::Internal)?;
                q = q.bind(*from).bind(*to).bind(json);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Drops every cached day (they are computed again when next read).
    pub async fn forget_report_days(&self) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        forget_all_days(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Drops the kept day holding `at`, as a late event dated then does.
    pub async fn forget_report_day(&self, at: i64) -> Result<(), AppError> {
        let mut tx = self.begin_write().await?;
        forget_days(&mut tx, &[Reach::Instant(at)]).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The instant of the earliest fact, if any.
    pub async fn first_fact_at(&self) -> Result<Option<i64>, AppError> {
        Ok(sqlx::query_scalar("SELECT MIN(at) FROM report_facts")
            .fetch_one(self.pool())
            .await?)
    }

    /// Tickets, facts and spans, for the benchmark's heading.
    pub async fn report_bench_sizes(&self) -> Result<(i64, i64, i64), AppError> {
        Ok(sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM tickets), (SELECT COUNT(*) FROM report_facts), \
             (SELECT COUNT(*) FROM report_spans)",
        )
        .fetch_one(self.pool())
        .await?)
    }

    /// How many days are cached.
    pub async fn cached_day_count(&self) -> Result<i64, AppError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM report_days")
            .fetch_one(self.pool())
            .await?)
    }
}

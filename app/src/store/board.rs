//! The assignment board's reads: lanes paged by keyset on (deadline, id), groups, counters.
//! Every query starts from an index on `board_at` or `due_at` and stops at its LIMIT, so
//! a page costs the same with a hundred open tickets or a hundred thousand.
use super::tickets::{visibility_clause, TicketRow, TICKET_SELECT};
use super::Store;
use crate::domain::ticket::{Priority, State};
use crate::domain::workflow::Actor;
use crate::error::AppError;

/// One column of the board.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lane {
    State(State),
    /// Any open ticket past its deadline, most overdue first.
    Overdue,
    Department(Option<i64>),
    Handler(Option<i64>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Department,
    Handler,
}

/// The board's filters, already resolved to ids (a category includes its children).
#[derive(Clone, Debug, Default)]
pub struct BoardFilter {
    pub departments: Option<Vec<i64>>,
    pub categories: Option<Vec<i64>>,
    pub priority: Option<Priority>,
    pub overdue_only: bool,
    /// Mine: handled by this user, or (a lead's) in these departments.
    pub mine: Option<(i64, Vec<i64>)>,
    pub supervised: bool,
    pub now: i64,
}

fn ids(v: &[i64]) -> String {
    if v.is_empty() {
        return "NULL".into();
    }
    v.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
}

/// The WHERE clause of the board for `actor` and `f`. Only integers and fixed codes are
/// inlined, never user text.
fn where_clause(actor: &Actor, f: &BoardFilter) -> String {
    let mut sql = format!("t.board_at IS NOT NULL AND {}", visibility_clause(actor));
    if let Some(d) = &f.departments {
        sql.push_str(&format!(" AND t.department_id IN ({})", ids(d)));
    }
    if let Some(c) = &f.categories {
        sql.push_str(&format!(" AND t.category_id IN ({})", ids(c)));
    }
    if let Some(p) = f.priority {
        sql.push_str(&format!(" AND t.priority = '{}'", p.code()));
    }
    if f.overdue_only {
        sql.push_str(&format!(" AND t.due_at < {}", f.now));
    }
    if let Some((me, depts)) = &f.mine {
        sql.push_str(&format!(
            " AND (t.handler_id = {me} OR t.department_id IN ({}))",
            ids(depts)
        ));
    }
    if f.supervised {
        sql.push_str(" AND t.supervised = 1");
    }
    sql
}

fn lane_clause(lane: Lane, now: i64) -> (String, &'static str) {
    match lane {
        Lane::State(s) => (format!("t.state = '{}'", s.code()), "t.board_at"),
        Lane::Overdue => (format!("t.due_at < {now}"), "t.due_at"),
        Lane::Department(Some(d)) => (format!("t.department_id = {d}"), "t.board_at"),
        Lane::Department(None) => ("t.department_id IS NULL".into(), "t.board_at"),
        Lane::Handler(Some(h)) => (format!("t.handler_id = {h}"), "t.board_at"),
        Lane::Handler(None) => ("t.handler_id IS NULL".into(), "t.board_at"),
    }
}

impl Store {
    /// A page of a lane, in deadline order, after the cursor `(key, id)` of the last card.
    pub async fn board_lane(
        &self,
        actor: &Actor,
        f: &BoardFilter,
        lane: Lane,
        after: Option<(i64, i64)>,
        limit: i64,
    ) -> Result<Vec<TicketRow>, AppError> {
        let (lane_sql, key) = lane_clause(lane, f.now);
        let mut sql = format!(
            "{TICKET_SELECT} WHERE {} AND {lane_sql}",
            where_clause(actor, f)
        );
        if after.is_some() {
            sql.push_str(&format!(" AND ({key}, t.id) > ($1, $2)"));
        }
        sql.push_str(&format!(
            " ORDER BY {key}, t.id LIMIT {}",
            limit.clamp(1, 200)
        ));
        let mut q = sqlx::query_as(&sql);
        if let Some((k, id)) = after {
            q = q.bind(k).bind(id);
        }
        Ok(q.fetch_all(self.pool()).await?)
    }

    /// How many cards each lane of the grouping holds, with the lane's name.
    pub async fn board_groups(
        &self,
        actor: &Actor,
        f: &BoardFilter,
        by: GroupBy,
    ) -> Result<Vec<(Option<i64>, Option<String>, i64)>, AppError> {
        let (col, join) = match by {
            GroupBy::Department => (
                "t.department_id",
                "LEFT JOIN departments g ON g.id = t.department_id",
            ),
            GroupBy::Handler => ("t.handler_id", "LEFT JOIN users g ON g.id = t.handler_id"),
        };
        let name = match by {
            GroupBy::Department => "g.name",
            GroupBy::Handler => "g.display_name",
        };
        Ok(sqlx::query_as(&format!(
            "SELECT {col}, MIN({name}), COUNT(*) FROM tickets t {join} WHERE {} \
             GROUP BY {col} ORDER BY COUNT(*) DESC, {col} LIMIT 50",
            where_clause(actor, f)
        ))
        .fetch_all(self.pool())
        .await?)
    }

    /// The header counters: the dispatcher queue, overdue, and due before `end_of_day`.
    /// Only tickets on the board have a state of registered or a `due_at`, so these count
    /// straight from the state and deadline indexes.
    pub async fn board_counters(
        &self,
        actor: &Actor,
        now: i64,
        end_of_day: i64,
    ) -> Result<(i64, i64, i64), AppError> {
        let vis = visibility_clause(actor);
        let count = |extra: String| {
            let sql = format!("SELECT COUNT(*) FROM tickets t WHERE {vis} AND {extra}");
            async move {
                sqlx::query_scalar::<_, i64>(&sql)
                    .fetch_one(self.pool())
                    .await
            }
        };
        Ok((
            count("t.state = 'registered'".into()).await?,
            count(format!("t.due_at < {now}")).await?,
            count(format!("t.due_at >= {now} AND t.due_at < {end_of_day}")).await?,
        ))
    }

    /// One card, if it is on this user's board under these filters.
    pub async fn board_card(
        &self,
        actor: &Actor,
        f: &BoardFilter,
        id: i64,
    ) -> Result<Option<TicketRow>, AppError> {
        Ok(sqlx::query_as(&format!(
            "{TICKET_SELECT} WHERE t.id = $1 AND {}",
            where_clause(actor, f)
        ))
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }
}

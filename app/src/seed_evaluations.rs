//! The demo desk's effectiveness evaluation: the first half of this year, opened by the
//! supervisor a week ago, two dimensions scored, with an improvement task for the city
//! management lead (due in three weeks) and one for the market handler already overdue.
//! Made through the store's own functions, so each step is in the chain.
use crate::domain::evaluation::{with_score, Dimension, DimensionScore};
use crate::error::AppError;
use crate::store::Store;
use chrono::{Datelike, NaiveDate};

const DAY: i64 = 86_400_000;

pub async fn seed_demo_evaluation(store: &Store) -> Result<(), AppError> {
    let id_of = |login: &'static str| crate::seed::demo_id(store, login);
    let supervisor = id_of("supervisor").await?;
    let lead = id_of("lead").await?;
    let market = id_of("market").await?;
    let now = chrono::Utc::now().timestamp_millis();
    let at = now - 7 * DAY;
    let today = chrono::DateTime::from_timestamp_millis(now)
        .ok_or(AppError::Internal)?
        .date_naive();
    let year = today.year();
    let first = NaiveDate::from_ymd_opt(year, 1, 1).ok_or(AppError::Internal)?;
    let last = NaiveDate::from_ymd_opt(year, 6, 30)
        .filter(|d| *d < today)
        .unwrap_or(today.pred_opt().unwrap_or(today));
    let id = store
        .open_evaluation(
            "上半年合规管理体系有效性评估",
            (first, last),
            year,
            supervisor,
            at,
        )
        .await?;
    let mut scores = Vec::new();
    for (dimension, score, findings) in [
        (
            Dimension::Policy,
            85,
            "制度覆盖主要业务环节；承诺书签署率偏低，个别岗位未签。",
        ),
        (
            Dimension::Process,
            72,
            "按时办结率较上期下降，退单集中在职责交叉类诉求，派单规则需细化。",
        ),
    ] {
        let s = DimensionScore {
            dimension,
            score,
            findings: findings.into(),
        };
        scores = with_score(scores, s.clone());
        store
            .score_evaluation(id, &scores, &s, supervisor, at + DAY)
            .await?;
    }
    store
        .set_evaluation_task(
            id,
            Dimension::Process,
            "细化职责交叉类诉求的派单规则并报分管领导审定",
            lead,
            today + chrono::Days::new(21),
            supervisor,
            at + DAY,
        )
        .await?;
    store
        .set_evaluation_task(
            id,
            Dimension::Policy,
            "组织未签署承诺书的岗位人员补签",
            market,
            today - chrono::Days::new(3),
            supervisor,
            at + DAY,
        )
        .await?;
    Ok(())
}

//! The demo desk's compliance reviews, made through the gate itself: a change of the traffic
//! complaints' deadlines that compliance rejected (in the archive; nothing changed), and the
//! supervisor's unmasked export of last week's tickets, waiting in compliance's queue.
use crate::domain::review::{
    CatalogueEntry, Conclusion, Dimension, Finding, Proposal, ReviewRecord,
};
use crate::error::AppError;
use crate::reviews::gate::{self, settle, Via};
use crate::store::Store;

pub async fn seed_demo_reviews(store: &Store) -> Result<(), AppError> {
    let id_of = |login: &'static str| crate::seed::demo_id(store, login);
    let (admin, supervisor) = (id_of("admin").await?, id_of("supervisor").await?);
    let officer = store
        .account_by_id(id_of("compliance").await?)
        .await?
        .ok_or(AppError::Internal)?;
    let officer = crate::tickets::service::actor_of(store, &officer).await?;
    let now = chrono::Utc::now();
    let (ms, hour) = (now.timestamp_millis(), 3_600_000);
    let today = now.date_naive();

    let categories = store.list_categories().await?;
    let traffic = categories
        .iter()
        .find(|c| c.code == "complaint/traffic")
        .ok_or(AppError::Internal)?;
    let before = traffic.catalogue_entry();
    let proposal = Proposal::Catalogue {
        category_id: traffic.id,
        category: traffic.name.clone(),
        after: CatalogueEntry {
            hours: before.hours.map(|h| h * 2),
            ..before.clone()
        },
        before,
        required_skill: traffic.required_skill.clone(),
        direct_answer: traffic.direct_answer,
        script_json: serde_json::to_string(&traffic.script).map_err(|_| AppError::Internal)?,
        replies_json: serde_json::to_string(&traffic.replies).map_err(|_| AppError::Internal)?,
    };
    let mut tx = store.begin_write().await?;
    let reason = "交通类投诉需协调交警部门，拟将办理时限延长一倍";
    let out = crate::reviews::service::save_category_in(
        &mut tx,
        &proposal,
        reason,
        admin,
        ms - 50 * hour,
        Via::Action,
    )
    .await;
    if let Err(AppError::ReviewRequested { id, .. }) = settle(tx, out).await {
        let dimension = |finding, note: &str| Dimension {
            finding,
            note: note.into(),
        };
        let record = ReviewRecord {
            compliance: dimension(Finding::Pass, ""),
            risk: dimension(
                Finding::Concern,
                "时限翻倍将使超期件被掩盖，群众等待时间过长",
            ),
            operation: dimension(Finding::Pass, ""),
            conclusion: Conclusion::Reject,
            note: "请改为个案申请延期，不调整类别时限".into(),
        };
        let when = (ms - 26 * hour, today);
        crate::reviews::service::decide(store, &chrono::Utc, &officer, id, &record, when).await?;
    }

    let export = Proposal::UnmaskedExport {
        period: "week".into(),
        date: today - chrono::Days::new(1),
        format: "xlsx".into(),
    };
    let mut tx = store.begin_write().await?;
    let reason = "回访抽查：核对上周来电人的联系电话";
    let out = gate::check(
        &mut tx,
        Via::Action,
        &export,
        reason,
        supervisor,
        ms - 2 * hour,
    )
    .await;
    match settle(tx, out).await {
        Ok(()) | Err(AppError::ReviewRequested { .. }) => Ok(()),
        Err(e) => Err(e),
    }
}

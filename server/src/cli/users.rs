//! `hotline user add|passwd|disable`. Passwords are generated and printed once, never
//! taken on the command line (where shell history and `ps` would keep them).
use app::auth::server::hash_password;
use app::domain::account::{check_display_name, check_login};
use app::domain::roles::{Clearance, Role};
use app::seed::generate_password;
use app::store::users::NewAccount;
use app::store::Store;

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Create a user with a generated temporary password
    Add {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// Department code, e.g. centre
        #[arg(long)]
        department: String,
        /// Role (repeatable): agent, handler, dept_lead, supervisor, compliance, admin
        #[arg(long = "role", required = true)]
        roles: Vec<Role>,
        #[arg(long, default_value = "internal")]
        clearance: Clearance,
    },
    /// Set a new generated temporary password (to be changed at next sign-in)
    Passwd { login: String },
    /// Disable an account (it can no longer sign in; its sessions end)
    Disable { login: String },
}

pub async fn run(store: &Store, command: UserCommand) -> Result<(), String> {
    let err = |e: app::error::AppError| e.to_string();
    match command {
        UserCommand::Add {
            login,
            name,
            department,
            roles,
            clearance,
        } => {
            let login = check_login(&login).map_err(|p| format!("login: {p:?}"))?;
            let name = check_display_name(&name).map_err(|p| format!("name: {p:?}"))?;
            let dept = store
                .department_by_code(&department)
                .await
                .map_err(err)?
                .ok_or_else(|| format!("no department with code {department:?}"))?;
            let password = generate_password();
            let hash = hash_password(password.clone()).await.map_err(err)?;
            store
                .insert_account(&NewAccount {
                    login: &login,
                    display_name: &name,
                    password_hash: &hash,
                    department_id: dept.id,
                    clearance,
                    roles: &roles,
                    must_change_password: true,
                })
                .await
                .map_err(err)?;
            println!("user {login} created; temporary password: {password}");
        }
        UserCommand::Passwd { login } => {
            let id = find(store, &login).await?;
            let password = generate_password();
            let hash = hash_password(password.clone()).await.map_err(err)?;
            store.set_password(id, &hash, true).await.map_err(err)?;
            println!("user {login}: temporary password {password} (must be changed at sign-in)");
        }
        UserCommand::Disable { login } => {
            let id = find(store, &login).await?;
            store.set_active(id, false).await.map_err(err)?;
            println!("user {login} disabled");
        }
    }
    Ok(())
}

async fn find(store: &Store, login: &str) -> Result<i64, String> {
    store
        .account_id_by_login(&login.trim().to_lowercase())
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("no user {login:?}"))
}

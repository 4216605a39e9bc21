//! Roles (角色) and confidentiality clearance (密级权限), and what each role may do.
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Agent,
    Handler,
    DeptLead,
    Supervisor,
    Compliance,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Agent,
        Role::Handler,
        Role::DeptLead,
        Role::Supervisor,
        Role::Compliance,
        Role::Admin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::Handler => "handler",
            Role::DeptLead => "dept_lead",
            Role::Supervisor => "supervisor",
            Role::Compliance => "compliance",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Role {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == s)
            .ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

/// Clearance levels are ordered: a user sees what is at or below their level.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum Clearance {
    #[default]
    Public,
    Internal,
    Confidential,
    Secret,
}

impl Clearance {
    pub const ALL: [Clearance; 4] = [
        Clearance::Public,
        Clearance::Internal,
        Clearance::Confidential,
        Clearance::Secret,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Clearance::Public => "public",
            Clearance::Internal => "internal",
            Clearance::Confidential => "confidential",
            Clearance::Secret => "secret",
        }
    }

    /// Whether someone with this clearance may see material marked `level`.
    pub fn permits(self, level: Clearance) -> bool {
        level <= self
    }
}

impl fmt::Display for Clearance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Clearance {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Clearance::ALL
            .into_iter()
            .find(|c| c.code() == s)
            .ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown code {0:?}")]
pub struct UnknownCode(pub String);

/// What a set of roles allows. One place decides, so the server and the navigation agree.
pub fn can_administer_users(roles: &[Role]) -> bool {
    roles.contains(&Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.code().parse::<Role>().unwrap(), r);
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn clearance_is_ordered() {
        assert!(Clearance::Secret.permits(Clearance::Confidential));
        assert!(Clearance::Internal.permits(Clearance::Internal));
        assert!(!Clearance::Internal.permits(Clearance::Confidential));
        assert!(!Clearance::Public.permits(Clearance::Internal));
        for c in Clearance::ALL {
            assert_eq!(c.code().parse::<Clearance>().unwrap(), c);
        }
    }

    #[test]
    fn only_admins_administer_users() {
        assert!(can_administer_users(&[Role::Agent, Role::Admin]));
        assert!(!can_administer_users(&[
            Role::Supervisor,
            Role::Compliance,
            Role::DeptLead
        ]));
    }
}

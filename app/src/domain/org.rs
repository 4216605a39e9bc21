//! The department tree (centre → departments → sections) laid out for pickers and lists.
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub parent_id: Option<i64>,
}

/// Depth-first order, children sorted by name, each with its depth. Nodes whose parent is
/// missing count as roots, so a broken link never hides a department.
pub fn tree_order(departments: &[Department]) -> Vec<(Department, usize)> {
    let known: std::collections::HashSet<i64> = departments.iter().map(|d| d.id).collect();
    let mut roots: Vec<&Department> = departments
        .iter()
        .filter(|d| d.parent_id.is_none_or(|p| !known.contains(&p)))
        .collect();
    roots.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = Vec::with_capacity(departments.len());
    let mut stack: Vec<(&Department, usize)> = roots.into_iter().rev().map(|d| (d, 0)).collect();
    while let Some((dept, depth)) = stack.pop() {
        out.push((dept.clone(), depth));
        let mut children: Vec<&Department> = departments
            .iter()
            .filter(|c| c.parent_id == Some(dept.id))
            .collect();
        children.sort_by(|a, b| a.name.cmp(&b.name));
        stack.extend(children.into_iter().rev().map(|c| (c, depth + 1)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(id: i64, name: &str, parent: Option<i64>) -> Department {
        Department {
            id,
            code: format!("d{id}"),
            name: name.into(),
            kind: "department".into(),
            parent_id: parent,
        }
    }

    #[test]
    fn depth_first_with_sorted_children() {
        let depts = vec![
            d(3, "b-section", Some(2)),
            d(1, "centre", None),
            d(2, "b-dept", Some(1)),
            d(4, "a-dept", Some(1)),
            d(5, "orphan", Some(99)),
        ];
        let order: Vec<(String, usize)> = tree_order(&depts)
            .into_iter()
            .map(|(d, depth)| (d.name, depth))
            .collect();
        assert_eq!(
            order,
            vec![
                ("centre".into(), 0),
                ("a-dept".into(), 1),
                ("b-dept".into(), 1),
                ("b-section".into(), 2),
                ("orphan".into(), 0),
            ]
        );
    }
}

/// A department and every department below it (a lead of 城管局 also leads its sections).
pub fn subtree(departments: &[Department], root: i64) -> Vec<i64> {
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        out.extend(
            departments
                .iter()
                .filter(|d| d.parent_id == Some(parent) && !out.contains(&d.id))
                .map(|d| d.id)
                .collect::<Vec<_>>(),
        );
        i += 1;
    }
    out
}

/// A department and the ones above it, nearest first (a broken or looping link stops it).
pub fn ancestors(departments: &[Department], id: i64) -> Vec<i64> {
    let mut out = vec![id];
    let mut current = id;
    while let Some(parent) = departments
        .iter()
        .find(|d| d.id == current)
        .and_then(|d| d.parent_id)
    {
        if out.contains(&parent) {
            break;
        }
        out.push(parent);
        current = parent;
    }
    out
}

#[cfg(test)]
mod subtree_tests {
    use super::*;

    #[test]
    fn includes_descendants_only() {
        let d = |id, parent| Department {
            id,
            code: String::new(),
            name: String::new(),
            kind: String::new(),
            parent_id: parent,
        };
        let all = [
            d(1, None),
            d(2, Some(1)),
            d(3, Some(2)),
            d(4, Some(1)),
            d(5, Some(3)),
        ];
        let mut s = subtree(&all, 2);
        s.sort();
        assert_eq!(s, vec![2, 3, 5]);
        assert_eq!(subtree(&all, 4), vec![4]);
        assert_eq!(ancestors(&all, 5), vec![5, 3, 2, 1]);
        assert_eq!(ancestors(&all, 1), vec![1]);
    }
}

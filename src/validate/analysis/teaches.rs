//! From the terms and exam codes a page names to the product areas it teaches: two documented
//! tables (a term's first spelling → area, an exam prefix → area). A term or prefix the
//! tables do not know (a site's own vocabulary) counts for no area; its exams still count.

use crate::content::{Area, Teaches};

/// The area of a Microsoft term, by its first spelling in the vocabulary.
pub fn area_of_term(term: &str) -> Option<Area> {
    Some(match term {
        "Azure" | "Azure DevOps" => Area::Azure,
        "Microsoft 365"
        | "Office 365"
        | "Microsoft Teams"
        | "SharePoint"
        | "Exchange Online"
        | "Intune"
        | "Microsoft Intune"
        | "Windows Server"
        | "Windows 11"
        | "Microsoft Office Specialist" => Area::Microsoft365,
        "Dynamics 365" => Area::Dynamics365,
        "Power Platform" | "Power BI" | "Power Apps" | "Power Automate" | "Power Pages"
        | "Copilot Studio" => Area::PowerPlatform,
        "Microsoft Entra" | "Microsoft Defender" | "Microsoft Sentinel" | "Microsoft Purview" => {
            Area::Security
        }
        "Microsoft Fabric" | "SQL Server" | "Copilot" => Area::DataAi,
        "Visual Studio" | "GitHub Copilot" => Area::Developer,
        _ => return None,
    })
}

/// The area of an exam code, by its prefix (`AZ-104` → Azure).
pub fn area_of_exam(code: &str) -> Option<Area> {
    let prefix = code.split('-').next().unwrap_or("");
    Some(match prefix {
        "AZ" => Area::Azure,
        "MS" | "MD" => Area::Microsoft365,
        "MB" => Area::Dynamics365,
        "PL" => Area::PowerPlatform,
        "SC" => Area::Security,
        "DP" | "AI" | "AB" => Area::DataAi,
        "GH" => Area::Developer,
        _ => return None,
    })
}

/// What a page teaches, from the terms (by first spelling) and exam codes it names.
pub fn teaches<'a>(terms: impl IntoIterator<Item = &'a str>, exams: &[String]) -> Teaches {
    let mut areas: Vec<Area> = terms.into_iter().filter_map(area_of_term).collect();
    areas.extend(exams.iter().filter_map(|e| area_of_exam(e)));
    Teaches::new(areas, exams.to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_product_term_and_exam_prefix_has_an_area() {
        let v = super::super::vocabulary::Vocabulary::default();
        for line in &v.microsoft_terms {
            let first = line.split('|').next().unwrap().trim();
            assert!(area_of_term(first).is_some(), "{first}");
        }
        for prefix in &v.exam_prefixes {
            assert!(area_of_exam(&format!("{prefix}-100")).is_some(), "{prefix}");
        }
        let t = teaches(
            ["Power BI", "Azure", "Microsoft Learn"],
            &["AZ-104".into(), "PL-300".into(), "AZ-104".into()],
        );
        assert_eq!(t.areas, [Area::Azure, Area::PowerPlatform]);
        assert_eq!(t.exams, ["AZ-104", "PL-300"]);
    }
}

//! Realistic synthetic landing pages for benchmarks: navigation, course tables, images,
//! scripts, styles, JSON-LD and a footer, about `target` bytes each, deterministic per index.

use std::fmt::Write as _;

const TERMS: &[&str] = &[
    "Azure",
    "Microsoft 365",
    "Power BI",
    "Power Apps",
    "Dynamics 365",
    "Microsoft Teams",
    "Intune",
    "Microsoft Sentinel",
    "Copilot",
    "SQL Server",
    "Microsoft Fabric",
    "Microsoft Entra",
];
const EXAMS: &[&str] = &[
    "AZ-104", "AZ-305", "PL-300", "SC-900", "MS-102", "DP-600", "AI-102", "MB-800",
];
const WORDS: &[&str] = &[
    "training",
    "course",
    "classroom",
    "virtual",
    "instructor",
    "certification",
    "hands-on",
    "labs",
    "teams",
    "administrators",
    "developers",
    "analysts",
    "security",
    "cloud",
    "data",
    "learning",
    "path",
    "exam",
    "preparation",
    "days",
    "schedule",
    "price",
    "group",
    "company",
    "on-site",
    "online",
    "experience",
];

pub fn name(i: usize) -> String {
    format!("Partner {i} Training")
}

pub fn host(i: usize) -> String {
    format!("www.partner-{i}.com")
}

pub fn landing_page(i: usize, target: usize) -> String {
    let name = name(i);
    let mut s = String::with_capacity(target + 4096);
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{name} – Microsoft training and certification</title>\
         <meta name=\"description\" content=\"Microsoft Azure, Microsoft 365 and Power Platform courses by {name}.\">\
         <meta property=\"og:site_name\" content=\"{name}\"><link rel=\"stylesheet\" href=\"/css/site.css\">\
         <style>{}</style><script>{}</script>\
         <script type=\"application/ld+json\">{{\"@context\":\"https://schema.org\",\"@type\":\"EducationalOrganization\",\"name\":\"{name}\",\"url\":\"https://{}/\"}}</script></head><body>",
        ".nav a{color:#06c;padding:4px}.course td{border:1px solid #ccc}".repeat(12),
        "window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());".repeat(10),
        host(i),
    );
    s.push_str("<header><a href=\"/\"><img src=\"/img/logo.svg\" alt=\"");
    s.push_str(&name);
    s.push_str(" logo\"></a><nav class=\"nav\"><ul>");
    for (k, t) in TERMS.iter().enumerate() {
        let _ = write!(s, "<li><a href=\"/courses/{k}\">{t}</a></li>");
    }
    s.push_str("</ul></nav></header><main><h1>Microsoft training at ");
    s.push_str(&name);
    s.push_str("</h1>");
    let mut n = i.wrapping_mul(2_654_435_761);
    let mut section = 0;
    while s.len() < target.saturating_sub(1500) {
        let term = TERMS[section % TERMS.len()];
        let exam = EXAMS[section % EXAMS.len()];
        let _ = write!(s, "<section><h2>{term} courses</h2><p>");
        for _ in 0..60 {
            n = n
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            s.push_str(WORDS[(n >> 33) % WORDS.len()]);
            s.push(' ');
        }
        let _ = write!(
            s,
            "for {term}.</p><table class=\"course\"><tr><th>Course</th><th>Exam</th><th>Days</th></tr>\
             <tr><td><a href=\"/c/{section}\">{term} fundamentals</a></td><td>{exam}</td><td>3</td></tr>\
             <tr><td><a href=\"/c/{section}b\">{term} advanced</a></td><td>{exam}</td><td>5</td></tr></table>\
             <img src=\"/img/course-{section}.jpg\" alt=\"Students in a {term} class\"></section>"
        );
        section += 1;
    }
    let _ = write!(
        s,
        "</main><footer><p>{name}, Main Street 1, Springfield</p>\
         <a href=\"https://www.linkedin.com/company/partner-{i}\">LinkedIn</a> <a href=\"https://www.youtube.com/@partner{i}\">YouTube</a>\
         <p>© 2026 {name}. All rights reserved.</p></footer></body></html>"
    );
    s
}

//! `Vocabulary`: the word and domain lists the rules judge by. Every list has a default here
//! and can be replaced in `lpdir.toml` under `[validate]`.

/// A Microsoft competitor: the names that mention it and the domains that belong to it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Competitor {
    pub name: String,
    pub names: Vec<String>,
    #[serde(default)]
    pub domains: Vec<String>,
}

/// The lists the rules use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// Shared platforms a partner cannot own a page on (any subdomain counts).
    pub platform_domains: Vec<String>,
    /// Microsoft's own domains: never another partner's, never a rival's.
    pub microsoft_domains: Vec<String>,
    /// Social networks, maps, video, CDNs, payment and analytics: links there say nothing.
    pub neutral_domains: Vec<String>,
    /// Microsoft products, programmes and credentials; each line is one term, `|` separates
    /// spellings of the same term.
    pub microsoft_terms: Vec<String>,
    /// Microsoft's training programme (Learning Partner, MCT, Microsoft Learn, …): terms that
    /// count, but say nothing about what is taught, so a page needs at least one product
    /// term or exam code besides them.
    pub programme_terms: Vec<String>,
    /// Exam code prefixes: `AZ` makes every `AZ-nnn` a term.
    pub exam_prefixes: Vec<String>,
    pub competitors: Vec<Competitor>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

impl Default for Vocabulary {
    fn default() -> Self {
        let microsoft_domains = strings(&[
            "microsoft.com",
            "microsoftonline.com",
            "office.com",
            "office365.com",
            "live.com",
            "azure.com",
            "azure.net",
            "windows.net",
            "windows.com",
            "bing.com",
            "msn.com",
            "skype.com",
            "xbox.com",
            "visualstudio.com",
            "dynamics.com",
            "powerbi.com",
            "powerapps.com",
            "sharepoint.com",
            "msft.it",
            "aka.ms",
            "msftstatic.com",
            "azureedge.net",
            "microsoftstore.com",
            "github.com",
            "linkedin.com",
        ]);
        Vocabulary {
            platform_domains: strings(&[
                "microsoft.com",
                "linkedin.com",
                "facebook.com",
                "instagram.com",
                "x.com",
                "twitter.com",
                "youtube.com",
                "github.io",
                "github.com",
                "gitlab.io",
                "sites.google.com",
                "google.com",
                "blogspot.com",
                "wixsite.com",
                "wix.com",
                "medium.com",
                "wordpress.com",
                "squarespace.com",
                "weebly.com",
                "webflow.io",
                "netlify.app",
                "vercel.app",
                "azurewebsites.net",
                "azurestaticapps.net",
                "pages.dev",
                "herokuapp.com",
                "notion.site",
                "carrd.co",
                "jimdosite.com",
                "godaddysites.com",
                "strikingly.com",
                "tumblr.com",
                "substack.com",
                "eventbrite.com",
                "meetup.com",
                "udemy.com",
            ]),
            microsoft_domains,
            neutral_domains: strings(&[
                "facebook.com",
                "fb.com",
                "instagram.com",
                "x.com",
                "twitter.com",
                "linkedin.com",
                "youtube.com",
                "youtu.be",
                "vimeo.com",
                "tiktok.com",
                "pinterest.com",
                "xing.com",
                "whatsapp.com",
                "wa.me",
                "t.me",
                "telegram.org",
                "google.com",
                "goo.gl",
                "maps.app.goo.gl",
                "openstreetmap.org",
                "googleapis.com",
                "gstatic.com",
                "googletagmanager.com",
                "google-analytics.com",
                "doubleclick.net",
                "cloudflare.com",
                "cloudflareinsights.com",
                "jsdelivr.net",
                "unpkg.com",
                "cdnjs.com",
                "fontawesome.com",
                "typekit.net",
                "bootstrapcdn.com",
                "jquery.com",
                "gravatar.com",
                "wp.com",
                "w.org",
                "wordpress.org",
                "paypal.com",
                "stripe.com",
                "mollie.com",
                "adyen.com",
                "hotjar.com",
                "matomo.org",
                "hubspot.com",
                "hs-scripts.com",
                "mailchimp.com",
                "trustpilot.com",
                "schema.org",
                "w3.org",
                "apple.com",
                "credly.com",
                "pearsonvue.com",
                "certiport.com",
                "play.google.com",
                "cookiebot.com",
                "onetrust.com",
            ]),
            // One line per product, every spelling of it on that line: a product counts once
            // however a page spells it (Intune and Microsoft Intune, Azure AD and Microsoft
            // Entra ID). The first spelling is the product's name in reports.
            microsoft_terms: strings(&[
                "Azure",
                "Microsoft 365|M365",
                "Office 365|O365",
                "Dynamics 365|Microsoft Dynamics 365|Dynamics|Microsoft Dynamics",
                "Power Platform|Microsoft Power Platform",
                "Power BI|Microsoft Power BI|PowerBI",
                "Power Apps|Microsoft Power Apps|PowerApps",
                "Power Automate|Microsoft Power Automate|Microsoft Flow",
                "Power Pages|Microsoft Power Pages",
                "Copilot Studio|Microsoft Copilot Studio",
                "Microsoft Teams|MS Teams",
                "Microsoft Fabric",
                "Copilot|Microsoft Copilot|Microsoft 365 Copilot",
                "Microsoft Entra|Microsoft Entra ID|Entra ID|Azure Active Directory|Azure AD",
                "Microsoft Defender|Azure Defender",
                "Microsoft Sentinel|Azure Sentinel",
                "Microsoft Purview|Azure Purview",
                "Microsoft Intune|Intune|Microsoft Endpoint Manager",
                "Windows Server|Microsoft Windows Server",
                "Windows 11",
                "SQL Server|Microsoft SQL Server",
                "Visual Studio|Microsoft Visual Studio",
                "GitHub Copilot",
                "Exchange Online|Microsoft Exchange Online",
                "SharePoint|Microsoft SharePoint|SharePoint Online",
                "Azure DevOps",
                "Microsoft Office Specialist|MOS",
            ]),
            programme_terms: strings(&[
                "Microsoft Learn",
                "Microsoft Certified Trainer|Microsoft Certified Trainers|MCT|MCTs",
                "Microsoft Learning Partner",
                "Microsoft Official Courseware|MOC",
                "Microsoft Applied Skills|Applied Skills",
                "Microsoft Certified",
                "Microsoft Virtual Training Days",
            ]),
            exam_prefixes: strings(&["AZ", "AI", "DP", "PL", "SC", "MS", "MB", "MD", "GH", "AB"]),
            competitors: default_competitors(),
        }
    }
}

fn competitor(name: &str, names: &[&str], domains: &[&str]) -> Competitor {
    Competitor {
        name: name.to_owned(),
        names: strings(names),
        domains: strings(domains),
    }
}

/// Microsoft's cloud, productivity and business-software competitors, as its annual report
/// names them, with the product names a training page would show. Bare "Amazon", "Google" and
/// common words ("Box", "Zoom", "Workday") are left out: they are not mentions by themselves.
fn default_competitors() -> Vec<Competitor> {
    vec![
        competitor(
            "Amazon Web Services",
            &[
                "AWS",
                "Amazon Web Services",
                "Amazon EC2",
                "Amazon S3",
                "AWS Certified",
                "Amazon Redshift",
                "Amazon SageMaker",
                "Amazon Bedrock",
            ],
            &[
                "aws.amazon.com",
                "amazonaws.com",
                "aws.training",
                "awsstatic.com",
            ],
        ),
        competitor(
            "Google Cloud",
            &[
                "Google Cloud",
                "Google Cloud Platform",
                "GCP",
                "Google Workspace",
                "G Suite",
                "BigQuery",
                "Gemini for Google Workspace",
            ],
            &[
                "cloud.google.com",
                "workspace.google.com",
                "cloudskillsboost.google",
            ],
        ),
        competitor(
            "Oracle",
            &["Oracle", "Oracle Cloud", "OCI"],
            &["oracle.com", "oraclecloud.com"],
        ),
        competitor(
            "Salesforce",
            &[
                "Salesforce",
                "Tableau",
                "MuleSoft",
                "Trailhead",
                "Slack Technologies",
            ],
            &[
                "salesforce.com",
                "tableau.com",
                "mulesoft.com",
                "trailhead.com",
                "slack.com",
            ],
        ),
        competitor(
            "IBM",
            &["IBM", "IBM Cloud", "Red Hat", "RHEL"],
            &["ibm.com", "redhat.com"],
        ),
        competitor(
            "SAP",
            &["SAP", "SAP S/4HANA", "SAP SuccessFactors"],
            &["sap.com"],
        ),
        competitor(
            "Alibaba Cloud",
            &["Alibaba Cloud", "Aliyun"],
            &["alibabacloud.com", "aliyun.com"],
        ),
        competitor("VMware", &["VMware", "vSphere"], &["vmware.com"]),
        competitor("Snowflake", &["Snowflake Data Cloud"], &["snowflake.com"]),
        competitor("Databricks", &["Databricks"], &["databricks.com"]),
        competitor(
            "Zoom",
            &["Zoom Video", "Zoom Meetings", "Zoom Workplace"],
            &["zoom.us", "zoom.com"],
        ),
        competitor("Cisco Webex", &["Webex"], &["webex.com"]),
        competitor("ServiceNow", &["ServiceNow"], &["servicenow.com"]),
        competitor(
            "Adobe",
            &["Adobe Experience Cloud", "Adobe Analytics"],
            &["adobe.com"],
        ),
        competitor(
            "Atlassian",
            &["Atlassian", "Jira"],
            &["atlassian.com", "atlassian.net"],
        ),
    ]
}

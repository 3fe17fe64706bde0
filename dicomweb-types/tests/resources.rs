//! Every URL template of PS3.18 Table 10.1-1 (WADO-RS §10.4, QIDO-RS §10.6, STOW-RS §10.5),
//! UPS-RS (§11) and WADO-URI (§9), and invalid requests with the status a server answers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use dicomweb_types::qido::{IncludeField, MatchValue, Page, QidoQuery, Warning};
use dicomweb_types::{
    AttributePath, ErrorKind, Request, Resource, Service, SubscriptionTarget, Tag,
};

const ST: &str = "1.2.840.113619.2.1";
const SE: &str = "1.2.840.113619.2.1.2";
const IN: &str = "1.2.840.113619.2.1.2.3";

/// (method, target, service, resource name): each parses, and builds back to the same target.
#[test]
fn every_template_parses_and_builds_back() {
    let s = format!("/studies/{ST}");
    let se = format!("{s}/series/{SE}");
    let i = format!("{se}/instances/{IN}");
    let cases: Vec<(&str, String, Service, &str)> = vec![
        // PS3.18 §10.4.1 Table 10.4.1-1: retrieve.
        ("GET", s.clone(), Service::WadoRs, "study"),
        ("GET", se.clone(), Service::WadoRs, "series"),
        ("GET", i.clone(), Service::WadoRs, "instance"),
        (
            "GET",
            format!("{s}/metadata"),
            Service::WadoRs,
            "study-metadata",
        ),
        (
            "GET",
            format!("{se}/metadata"),
            Service::WadoRs,
            "series-metadata",
        ),
        (
            "GET",
            format!("{i}/metadata"),
            Service::WadoRs,
            "instance-metadata",
        ),
        (
            "GET",
            format!("{s}/rendered"),
            Service::WadoRs,
            "study-rendered",
        ),
        (
            "GET",
            format!("{se}/rendered"),
            Service::WadoRs,
            "series-rendered",
        ),
        (
            "GET",
            format!("{i}/rendered"),
            Service::WadoRs,
            "instance-rendered",
        ),
        (
            "GET",
            format!("{i}/frames/1,2,3/rendered"),
            Service::WadoRs,
            "frames-rendered",
        ),
        (
            "GET",
            format!("{s}/thumbnail"),
            Service::WadoRs,
            "study-thumbnail",
        ),
        (
            "GET",
            format!("{se}/thumbnail"),
            Service::WadoRs,
            "series-thumbnail",
        ),
        (
            "GET",
            format!("{i}/thumbnail"),
            Service::WadoRs,
            "instance-thumbnail",
        ),
        (
            "GET",
            format!("{i}/frames/4/thumbnail"),
            Service::WadoRs,
            "frames-thumbnail",
        ),
        (
            "GET",
            format!("{s}/bulkdata"),
            Service::WadoRs,
            "study-bulkdata",
        ),
        (
            "GET",
            format!("{se}/bulkdata"),
            Service::WadoRs,
            "series-bulkdata",
        ),
        (
            "GET",
            format!("{i}/bulkdata"),
            Service::WadoRs,
            "instance-bulkdata",
        ),
        (
            "GET",
            format!("{i}/bulkdata/7FE00010"),
            Service::WadoRs,
            "bulkdata",
        ),
        (
            "GET",
            format!("{s}/pixeldata"),
            Service::WadoRs,
            "study-pixeldata",
        ),
        (
            "GET",
            format!("{se}/pixeldata"),
            Service::WadoRs,
            "series-pixeldata",
        ),
        (
            "GET",
            format!("{i}/pixeldata"),
            Service::WadoRs,
            "instance-pixeldata",
        ),
        ("GET", format!("{i}/frames/1"), Service::WadoRs, "frames"),
        (
            "GET",
            format!("{i}/frames/1,5,2"),
            Service::WadoRs,
            "frames",
        ),
        (
            "GET",
            format!("{s}/metadata?accept=application%2Fdicom%2Bjson"),
            Service::WadoRs,
            "study-metadata",
        ),
        // PS3.18 §10.6.1 Table 10.6.1-1: the six searches.
        ("GET", "/studies".into(), Service::QidoRs, "study-search"),
        (
            "GET",
            format!("{s}/series"),
            Service::QidoRs,
            "study-series-search",
        ),
        ("GET", "/series".into(), Service::QidoRs, "series-search"),
        (
            "GET",
            format!("{se}/instances"),
            Service::QidoRs,
            "study-series-instance-search",
        ),
        (
            "GET",
            format!("{s}/instances"),
            Service::QidoRs,
            "study-instance-search",
        ),
        (
            "GET",
            "/instances".into(),
            Service::QidoRs,
            "instance-search",
        ),
        (
            "GET",
            "/studies?00100020=A1&limit=2".into(),
            Service::QidoRs,
            "study-search",
        ),
        // PS3.18 §10.5.1: store.
        ("POST", "/studies".into(), Service::StowRs, "studies-store"),
        ("POST", s.clone(), Service::StowRs, "study-store"),
        // PS3.18 §11 Table 11.1-1: UPS-RS.
        (
            "POST",
            "/workitems".into(),
            Service::UpsRs,
            "workitem-create",
        ),
        (
            "POST",
            format!("/workitems?workitem={IN}"),
            Service::UpsRs,
            "workitem-create",
        ),
        (
            "GET",
            format!("/workitems/{IN}"),
            Service::UpsRs,
            "workitem",
        ),
        (
            "POST",
            format!("/workitems/{IN}"),
            Service::UpsRs,
            "workitem-update",
        ),
        (
            "POST",
            format!("/workitems/{IN}?transaction={SE}"),
            Service::UpsRs,
            "workitem-update",
        ),
        (
            "PUT",
            format!("/workitems/{IN}/state"),
            Service::UpsRs,
            "workitem-state",
        ),
        (
            "POST",
            format!("/workitems/{IN}/cancelrequest"),
            Service::UpsRs,
            "workitem-cancelrequest",
        ),
        (
            "GET",
            "/workitems?ProcedureStepState=SCHEDULED".into(),
            Service::UpsRs,
            "workitem-search",
        ),
        (
            "POST",
            format!("/workitems/{IN}/subscribers/MY_AE"),
            Service::UpsRs,
            "workitem-subscribe",
        ),
        (
            "POST",
            format!("/workitems/{IN}/subscribers/MY_AE?deletionlock=true"),
            Service::UpsRs,
            "workitem-subscribe",
        ),
        (
            "DELETE",
            format!("/workitems/{IN}/subscribers/MY_AE"),
            Service::UpsRs,
            "workitem-unsubscribe",
        ),
        (
            "POST",
            "/workitems/1.2.840.10008.5.1.4.34.5/subscribers/MY_AE".into(),
            Service::UpsRs,
            "global-subscribe",
        ),
        (
            "DELETE",
            "/workitems/1.2.840.10008.5.1.4.34.5/subscribers/MY_AE".into(),
            Service::UpsRs,
            "global-unsubscribe",
        ),
        (
            "POST",
            "/workitems/1.2.840.10008.5.1.4.34.5.1/subscribers/MY_AE?00741200=HIGH".into(),
            Service::UpsRs,
            "filtered-subscribe",
        ),
        (
            "POST",
            "/workitems/1.2.840.10008.5.1.4.34.5/subscribers/MY_AE/suspend".into(),
            Service::UpsRs,
            "subscription-suspend",
        ),
        (
            "POST",
            "/workitems/1.2.840.10008.5.1.4.34.5.1/subscribers/MY_AE/suspend".into(),
            Service::UpsRs,
            "subscription-suspend",
        ),
        // PS3.18 §9: WADO-URI.
        (
            "GET",
            format!(
                "?requestType=WADO&studyUID={ST}&seriesUID={SE}&objectUID={IN}&contentType=image%2Fjpeg&frameNumber=2"
            ),
            Service::WadoUri,
            "wado-uri",
        ),
    ];
    for (method, target, service, name) in cases {
        let r =
            Request::parse(method, &target).unwrap_or_else(|e| panic!("{method} {target}: {e}"));
        assert_eq!(r.resource.service(), service, "{target}");
        assert_eq!(r.resource.name(), name, "{target}");
        assert_eq!(r.method.as_str(), method);
        let built = r.to_target();
        let again =
            Request::parse(method, &built).unwrap_or_else(|e| panic!("rebuilt {built}: {e}"));
        assert_eq!(again, r, "{target} -> {built}");
    }
}

/// (method, target, HTTP status, error kind) for invalid requests.
#[test]
fn invalid_requests_answer_the_right_status() {
    let i = format!("/studies/{ST}/series/{SE}/instances/{IN}");
    let cases: Vec<(&str, String, u16)> = vec![
        ("GET", "/".into(), 404),
        ("GET", "/patients".into(), 404),
        ("GET", format!("/studies/{ST}/frames/1"), 404),
        ("GET", format!("{i}/unknown"), 404),
        ("GET", format!("{i}/frames/1/other"), 404),
        ("GET", format!("/workitems/{IN}/nothing"), 404),
        (
            "GET",
            format!("/workitems/{IN}/subscribers/AE/suspend"),
            404,
        ),
        ("DELETE", "/studies".into(), 405),
        ("PUT", format!("/studies/{ST}"), 405),
        ("POST", format!("{i}/metadata"), 405),
        ("GET", format!("/workitems/{IN}/state"), 405),
        ("POST", format!("/workitems/{IN}/state"), 405),
        ("GET", format!("/workitems/{IN}/cancelrequest"), 405),
        ("PATCH", "/studies".into(), 405),
        ("GET", "/studies/1.02.3".into(), 400),
        ("GET", "/studies/abc".into(), 400),
        ("GET", format!("/studies/{ST}/series/1..2"), 400),
        ("GET", format!("/studies/{}", "1".repeat(65)), 400),
        ("GET", format!("{i}/frames/0"), 400),
        ("GET", format!("{i}/frames/"), 404),
        ("GET", format!("{i}/frames/1,,2"), 400),
        ("GET", format!("{i}/frames/a"), 400),
        ("GET", format!("{i}/frames/-1"), 400),
        ("GET", format!("{i}/frames/99999999999"), 400),
        ("GET", "/studies?limit=notanumber".into(), 400),
        ("GET", "/studies?offset=-1".into(), 400),
        ("GET", "/studies?fuzzymatching=yes".into(), 400),
        ("GET", "/studies?NoSuchKeyword=1".into(), 400),
        ("GET", "/studies?PatientID=1&PatientID=2".into(), 400),
        ("GET", "/studies?StudyInstanceUID=1.2,1.03".into(), 400),
        ("GET", "/studies?StudyDate=2020-01-01".into(), 400),
        ("GET", "/studies?StudyDate=-".into(), 400),
        ("GET", "/studies?includefield=Bogus".into(), 400),
        ("GET", "/studies?PatientName=%ZZ".into(), 400),
        ("GET", format!("/studies/{ST}/metadata?limit=1"), 400),
        ("GET", format!("{i}/rendered?quality=0"), 400),
        ("GET", format!("{i}/rendered?window=1,2"), 400),
        ("GET", format!("{i}/rendered?viewport=1,2,3"), 400),
        ("GET", format!("{i}/rendered?iccprofile=cmyk"), 400),
        ("POST", format!("/workitems/{IN}?transaction=1.02"), 400),
        (
            "POST",
            format!("/workitems/{IN}/subscribers/AE?deletionlock=maybe"),
            400,
        ),
        (
            "POST",
            format!("/workitems/{IN}/subscribers/{}", "A".repeat(17)),
            400,
        ),
        ("GET", "/wado?requestType=WADO&studyUID=1.2".into(), 400),
        (
            "GET",
            format!(
                "/wado?requestType=WADO&studyUID={ST}&seriesUID={SE}&objectUID={IN}&windowCenter=1"
            ),
            400,
        ),
        (
            "GET",
            format!(
                "/wado?requestType=WADO&studyUID={ST}&seriesUID={SE}&objectUID={IN}&frameNumber=0"
            ),
            400,
        ),
        ("GET", "/wado?requestType=OTHER".into(), 400),
        (
            "POST",
            format!("/wado?requestType=WADO&studyUID={ST}&seriesUID={SE}&objectUID={IN}"),
            405,
        ),
    ];
    for (method, target, status) in cases {
        match Request::parse(method, &target) {
            Ok(r) => panic!("{method} {target} should fail, parsed as {r:?}"),
            Err(e) => assert_eq!(e.status(), status, "{method} {target}: {e}"),
        }
    }
    let long = format!("/studies?PatientID={}", "x".repeat(70_000));
    assert_eq!(Request::parse("GET", &long).unwrap_err().status(), 414);
}

#[test]
fn errors_say_where() {
    let e = Request::parse("GET", "/studies/1.2/series/x").unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidUid);
    assert_eq!(e.to_string(), "invalid UID `x` in path segment 4");
    let e = Request::parse("GET", "/studies?limit=ten").unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid query: expected a non-negative integer `ten` in query parameter `limit`"
    );
}

/// PS3.18 §8.3.4: typed match keys, keywords, tags, dotted paths, UID lists, wildcards, ranges.
#[test]
fn qido_query_is_typed() {
    let q = QidoQuery::parse(
        "PatientName=Doe%5EJ*&00100020=PAT%201&StudyInstanceUID=1.2.3,4.5.6&StudyDate=-20201231&StudyTime=1000-1200\
         &RequestAttributesSequence.RequestedProcedureID=RP1&00400275.00400009=SPS&includefield=all\
         &fuzzymatching=false&emptyvaluematching=true&multiplevaluematching=false&offset=20&limit=10&AccessionNumber=",
    )
    .unwrap();
    assert_eq!(q.matches[0].value, MatchValue::Wildcard("Doe^J*".into()));
    assert_eq!(
        q.get(Tag(0x0010_0020)),
        Some(&MatchValue::Single("PAT 1".into()))
    );
    assert!(matches!(&q.matches[2].value, MatchValue::UidList(u) if u.len() == 2));
    assert_eq!(
        q.matches[3].value,
        MatchValue::Range {
            from: None,
            to: Some("20201231".into())
        }
    );
    assert_eq!(
        q.matches[4].value,
        MatchValue::Range {
            from: Some("1000".into()),
            to: Some("1200".into())
        }
    );
    assert_eq!(
        q.matches[5].path.tags(),
        &[Tag(0x0040_0275), Tag(0x0040_1001)]
    );
    assert_eq!(
        q.matches[6].path.to_keyword_string(),
        "RequestAttributesSequence.ScheduledProcedureStepID"
    );
    assert_eq!(q.include, IncludeField::All);
    assert_eq!(
        (
            q.fuzzymatching,
            q.emptyvaluematching,
            q.multiplevaluematching
        ),
        (Some(false), Some(true), Some(false))
    );
    assert_eq!((q.offset, q.limit), (Some(20), Some(10)));
    assert_eq!(q.get(Tag(0x0008_0050)), Some(&MatchValue::Universal));
    // Build, parse again, equal.
    let built = q.to_query_string();
    assert!(built.contains("00100010=Doe%5EJ*"), "{built}");
    assert!(built.contains("00100020=PAT%201"), "{built}");
    assert_eq!(QidoQuery::parse(&built).unwrap(), q);
    // DT ranges with offsets.
    let q = QidoQuery::parse("ScheduledProcedureStepStartDateTime=20200101120000+0100-20200102")
        .unwrap();
    assert_eq!(
        q.matches[0].value,
        MatchValue::Range {
            from: Some("20200101120000+0100".into()),
            to: Some("20200102".into())
        }
    );
    let q = QidoQuery::parse("includefield=00081030,StudyID&includefield=PatientAge").unwrap();
    assert_eq!(
        q.include,
        IncludeField::List(vec![
            AttributePath::parse("00081030").unwrap(),
            AttributePath::parse("StudyID").unwrap(),
            AttributePath::parse("PatientAge").unwrap()
        ])
    );
}

/// PS3.18 §8.3.4.4 paging and §10.6.3 (204 for no results); §8.4.3 Warning header.
#[test]
fn paging_and_warnings() {
    let p = Page::new(25, Some(20), Some(10), 100);
    assert_eq!((p.start, p.end, p.more, p.status()), (20, 25, false, 200));
    let p = Page::new(25, None, Some(10), 100);
    assert_eq!((p.start, p.end, p.more), (0, 10, true));
    let p = Page::new(25, None, None, 5);
    assert!(p.more);
    assert_eq!(Page::new(0, None, None, 5).status(), 204);
    assert_eq!(Page::new(3, Some(10), None, 5).status(), 204);
    let w = Warning::additional_results("dicomweb.example:443");
    assert_eq!(
        w.to_string(),
        "299 dicomweb.example:443: \"There are additional results that can be requested.\""
    );
    assert_eq!(Warning::parse(&w.to_string()).unwrap(), w);
    for bad in [
        "",
        "299",
        "29 a \"x\"",
        "299 agent text",
        "299 agent \"open",
    ] {
        assert!(Warning::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn strip_base_and_subscriptions() {
    assert_eq!(
        Request::strip_base("https://pacs/dicom-web/workitems/1.2/state"),
        "/workitems/1.2/state"
    );
    assert_eq!(Request::strip_base("/studies"), "/studies");
    let r = Request::parse("POST", "/workitems/1.2.840.10008.5.1.4.34.5.1/subscribers/AE%201?ScheduledStationAETitle=X&deletionlock=false").unwrap();
    match &r.resource {
        Resource::Subscribe {
            target,
            aetitle,
            deletion_lock,
        } => {
            assert_eq!(target, &SubscriptionTarget::Filtered);
            assert_eq!(aetitle, "AE 1");
            assert_eq!(deletion_lock, &Some(false));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(r.search.as_ref().unwrap().matches.len(), 1);
    // The older bare-UID form of the transaction parameter.
    let r = Request::parse("POST", "/workitems/1.2.3?4.5.6").unwrap();
    assert!(
        matches!(r.resource, Resource::UpdateWorkitem { transaction: Some(ref t), .. } if t.as_str() == "4.5.6")
    );
}

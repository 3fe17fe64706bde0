//! `imaging demo`: the whole path on data bundled in the binary.

use crate::util::CliError;
use std::path::PathBuf;

/// Options of `imaging demo`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Folder for every artefact the demo writes.
    #[arg(long, default_value = "imaging-demo")]
    out: PathBuf,
}

/// One step of the demo: what it does, and whether it is built yet.
struct Step {
    what: &'static str,
    issue: u32,
}

const STEPS: &[Step] = &[
    Step {
        what: "parse the bundled HL7 v2 ORM^O01 and OMI^O23 orders",
        issue: 5,
    },
    Step {
        what: "map each order to Modality Worklist items (DICOM JSON)",
        issue: 7,
    },
    Step {
        what: "map each order to a FHIR Patient + ServiceRequest transaction Bundle",
        issue: 7,
    },
    Step {
        what: "encode the bundled DICOM instances as a STOW-RS multipart/related body",
        issue: 4,
    },
    Step {
        what: "split the STOW-RS body back into its parts",
        issue: 4,
    },
    Step {
        what: "write the instances' WADO-RS metadata as DICOM JSON",
        issue: 3,
    },
    Step {
        what: "map the study's metadata to a FHIR ImagingStudy with its DICOMweb Endpoint",
        issue: 7,
    },
];

pub(crate) fn run(args: Args) -> Result<(), CliError> {
    println!(
        "imaging demo: artefacts would be written to {}",
        args.out.display()
    );
    for (n, step) in STEPS.iter().enumerate() {
        println!(
            "step {}: {} -- not built yet (issue #{})",
            n + 1,
            step.what,
            step.issue
        );
    }
    println!("nothing was run: every step is still to be built");
    Ok(())
}

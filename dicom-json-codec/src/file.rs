//! DICOM Part 10 files and DICOM JSON together (PS3.10 files, PS3.18 Annex F).

use crate::DataSet;
use crate::bulk::bulk_data_uris;
use crate::de::DecodeOptions;
use crate::error::{Error, ErrorKind};
use crate::ser::EncodeOptions;
use dicom_object::meta::FileMetaTableBuilder;
use dicom_object::{FileDicomObject, OpenFileOptions};
use std::path::Path;

/// Options for writing Part 10 files.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FileOptions {
    /// Transfer Syntax UID of the written file (default Explicit VR Little Endian,
    /// `1.2.840.10008.1.2.1`).
    pub transfer_syntax: String,
}

impl Default for FileOptions {
    fn default() -> Self {
        FileOptions {
            transfer_syntax: "1.2.840.10008.1.2.1".to_owned(),
        }
    }
}

/// Read a DICOM Part 10 file (any transfer syntax dicom-rs reads, including big endian,
/// implicit VR, deflated and encapsulated) and return its data set without the file meta
/// group.
pub fn read_file(path: &Path) -> Result<DataSet, Error> {
    let obj = OpenFileOptions::new()
        .open_file(path)
        .map_err(|e| Error::new(ErrorKind::Dicom(format!("{}: {e}", path.display()))))?;
    Ok(obj.into_inner())
}

/// A DICOM Part 10 file as DICOM JSON, without group 0002 and group lengths (PS3.18 F.2).
/// Use [`EncodeOptions::bulk_data`] for BulkDataURIs (required for encapsulated pixel data).
///
/// ```no_run
/// use dicom_json_codec::{file_to_json, EncodeOptions};
/// let json = file_to_json(
///     "CT_small.dcm".as_ref(),
///     EncodeOptions::new().bulk_data_base(1024, "http://pacs/bulk"),
/// )?;
/// # Ok::<(), dicom_json_codec::Error>(())
/// ```
pub fn file_to_json(path: &Path, opts: &EncodeOptions) -> Result<Vec<u8>, Error> {
    let ds = read_file(path)?;
    let mut opts = opts.clone();
    opts.skip_file_meta(true);
    opts.to_vec(&ds)
}

/// Write a data set as a Part 10 file. The file meta group is built from SOP Class UID
/// (0008,0016) and SOP Instance UID (0008,0018), which must be present. A data set that still
/// holds BulkDataURI values is refused with [`ErrorKind::UnresolvedBulkData`] at the path of
/// the first one (see [`resolve_bulk_data`](crate::resolve_bulk_data) and
/// [`bulk_data_uris`](crate::bulk_data_uris)).
pub fn write_file(ds: DataSet, path: &Path, opts: &FileOptions) -> Result<(), Error> {
    if let Some((p, _, _)) = bulk_data_uris(&ds).into_iter().next() {
        return Err(Error::new(ErrorKind::UnresolvedBulkData).with_path(p));
    }
    let obj: FileDicomObject<DataSet> = ds
        .with_meta(FileMetaTableBuilder::new().transfer_syntax(opts.transfer_syntax.as_str()))
        .map_err(|e| Error::new(ErrorKind::Dicom(e.to_string())))?;
    obj.write_to_file(path)
        .map_err(|e| Error::new(ErrorKind::Dicom(format!("{}: {e}", path.display()))))
}

/// One DICOM JSON object (strict) to a Part 10 file (see [`write_file`]).
pub fn json_to_file(json: &[u8], path: &Path, opts: &FileOptions) -> Result<(), Error> {
    let ds = DecodeOptions::new().decode(json)?.value;
    write_file(ds, path, opts)
}

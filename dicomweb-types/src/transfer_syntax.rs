//! Transfer Syntax UIDs ([PS3.5 §10], [PS3.6 Annex A]) with their names, and the pixel-data
//! media type each maps to in DICOMweb ([PS3.18 Table 8.7.3-2]).
//!
//! [PS3.5 §10]: https://dicom.nema.org/medical/dicom/current/output/chtml/part05/chapter_10.html
//! [PS3.6 Annex A]: https://dicom.nema.org/medical/dicom/current/output/chtml/part06/chapter_A.html
//! [PS3.18 Table 8.7.3-2]: https://dicom.nema.org/medical/dicom/current/output/chtml/part18/sect_8.7.3.html

use std::fmt;

/// A known Transfer Syntax: its UID, its PS3.6 name and the media type of its pixel data in
/// a DICOMweb bulk data or frames response.
///
/// ```
/// use dicomweb_types::TransferSyntax;
/// let ts = TransferSyntax::lookup("1.2.840.10008.1.2.4.50").unwrap();
/// assert_eq!(ts.name, "JPEG Baseline (Process 1)");
/// assert_eq!(ts.pixel_media_type, "image/jpeg");
/// assert_eq!(TransferSyntax::EXPLICIT_VR_LITTLE_ENDIAN.uid, "1.2.840.10008.1.2.1");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct TransferSyntax {
    /// The UID.
    pub uid: &'static str,
    /// The name in PS3.6 Table A-1.
    pub name: &'static str,
    /// The media type of pixel data in this syntax (PS3.18 Table 8.7.3-2);
    /// `application/octet-stream` for native (uncompressed) syntaxes.
    pub pixel_media_type: &'static str,
}

macro_rules! syntaxes {
    ($($(#[$doc:meta])* $id:ident = $uid:literal, $name:literal, $mt:literal;)*) => {
        impl TransferSyntax {
            $( $(#[$doc])* pub const $id: TransferSyntax = TransferSyntax { uid: $uid, name: $name, pixel_media_type: $mt }; )*
            /// Every transfer syntax this crate knows, in UID order.
            pub const ALL: &'static [TransferSyntax] = &[$(TransferSyntax::$id),*];
        }
    };
}

syntaxes! {
    /// Implicit VR Little Endian: the DICOM default.
    IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2", "Implicit VR Little Endian", "application/octet-stream";
    /// Explicit VR Little Endian: the DICOMweb default (PS3.18 §8.7.3.5.2).
    EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1", "Explicit VR Little Endian", "application/octet-stream";
    /// Encapsulated Uncompressed Explicit VR Little Endian.
    ENCAPSULATED_UNCOMPRESSED = "1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", "application/octet-stream";
    /// Deflated Explicit VR Little Endian.
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", "application/octet-stream";
    /// Explicit VR Big Endian (retired).
    EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2", "Explicit VR Big Endian", "application/octet-stream";
    /// JPEG Baseline (Process 1).
    JPEG_BASELINE = "1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", "image/jpeg";
    /// JPEG Extended (Process 2 & 4).
    JPEG_EXTENDED = "1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", "image/jpeg";
    /// JPEG Lossless, Non-Hierarchical (Process 14).
    JPEG_LOSSLESS = "1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", "image/jpeg";
    /// JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1]).
    JPEG_LOSSLESS_SV1 = "1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", "image/jpeg";
    /// JPEG-LS Lossless Image Compression.
    JPEG_LS_LOSSLESS = "1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", "image/jls";
    /// JPEG-LS Lossy (Near-Lossless) Image Compression.
    JPEG_LS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", "image/jls";
    /// JPEG 2000 Image Compression (Lossless Only).
    JPEG_2000_LOSSLESS = "1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", "image/jp2";
    /// JPEG 2000 Image Compression.
    JPEG_2000 = "1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", "image/jp2";
    /// JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only).
    JPEG_2000_MC_LOSSLESS = "1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)", "image/jpx";
    /// JPEG 2000 Part 2 Multi-component Image Compression.
    JPEG_2000_MC = "1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression", "image/jpx";
    /// MPEG2 Main Profile / Main Level.
    MPEG2_MPML = "1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level", "video/mpeg";
    /// MPEG2 Main Profile / High Level.
    MPEG2_MPHL = "1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level", "video/mpeg";
    /// MPEG-4 AVC/H.264 High Profile / Level 4.1.
    MPEG4_HP41 = "1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1", "video/mp4";
    /// MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1.
    MPEG4_HP41_BD = "1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1", "video/mp4";
    /// MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video.
    MPEG4_HP42_2D = "1.2.840.10008.1.2.4.104", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 2D Video", "video/mp4";
    /// MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video.
    MPEG4_HP42_3D = "1.2.840.10008.1.2.4.105", "MPEG-4 AVC/H.264 High Profile / Level 4.2 For 3D Video", "video/mp4";
    /// MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2.
    MPEG4_HP42_STEREO = "1.2.840.10008.1.2.4.106", "MPEG-4 AVC/H.264 Stereo High Profile / Level 4.2", "video/mp4";
    /// HEVC/H.265 Main Profile / Level 5.1.
    HEVC_MP51 = "1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1", "video/H265";
    /// HEVC/H.265 Main 10 Profile / Level 5.1.
    HEVC_M10P51 = "1.2.840.10008.1.2.4.108", "HEVC/H.265 Main 10 Profile / Level 5.1", "video/H265";
    /// High-Throughput JPEG 2000 Image Compression (Lossless Only).
    HTJ2K_LOSSLESS = "1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)", "image/jphc";
    /// High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only).
    HTJ2K_LOSSLESS_RPCL = "1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)", "image/jphc";
    /// High-Throughput JPEG 2000 Image Compression.
    HTJ2K = "1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression", "image/jphc";
    /// RLE Lossless.
    RLE_LOSSLESS = "1.2.840.10008.1.2.5", "RLE Lossless", "image/dicom-rle";
}

impl TransferSyntax {
    /// The transfer syntax with this UID, if known.
    pub fn lookup(uid: &str) -> Option<&'static TransferSyntax> {
        Self::ALL.iter().find(|t| t.uid == uid)
    }

    /// True for the native (uncompressed, not encapsulated) syntaxes.
    pub fn is_native(&self) -> bool {
        self.pixel_media_type == "application/octet-stream"
            && self.uid != Self::ENCAPSULATED_UNCOMPRESSED.uid
    }
}

impl fmt::Display for TransferSyntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.uid, self.name)
    }
}

// SPDX-License-Identifier: MIT
// Case uploads: the multipart request of a case note's attachment (the other case models are
// generated into models/cases.hpp).
#pragma once

#include <didit/model.hpp>
#include <didit/upload.hpp>

namespace didit {

/// POST .../cases/{case_uuid}/notes/presign/ body (multipart/form-data): one file to attach to a
/// note. The API takes JPEG, PNG, WebP, PDF, plain text or CSV of at most 5 MB. The SDK judges
/// the type by the first bytes (it lets a TIFF image through too, as upload_rules::document_5mb
/// says) and reads 5 MB as 5 * 10^6 bytes; anything else is refused with InvalidArgument naming
/// the part before sending. The reply's `s3_key` goes into CaseNoteCreateRequest::attachments.
///   CaseNoteAttachmentUploadRequest req;
///   req.file = FilePart::from_path("evidence.pdf");
/// API reference: https://docs.didit.me/management-api/cases/upload-note-attachment
struct CaseNoteAttachmentUploadRequest {
    /// The file.
    FilePart file{};
    /// Further form fields (an object): strings as they are, other values JSON-encoded.
    Json extra{};

    /// The form's parts and fields.
    void multipart(MultipartForm& form) const {
        form.file("file", file, upload_rules::document_5mb);
        form.extra(extra);
    }
};

}  // namespace didit

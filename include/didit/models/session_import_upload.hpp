// SPDX-License-Identifier: MIT
// Verification imports, the parts the OpenAPI cannot generate: the upload request (a CSV or
// NDJSON file, or a URL, as multipart/form-data) and the CSV template reply.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <didit/detail/error_body.hpp>
#include <didit/http.hpp>
#include <didit/model.hpp>
#include <didit/models/session_imports.hpp>
#include <didit/upload.hpp>

namespace didit {

/// POST /v3/session/imports/ body (multipart/form-data): what to import and from where, either
/// an uploaded `file` (CSV or NDJSON, at most 25 MB) or a `source_file_url` (HTTPS, for larger
/// files), never both. Imports are enabled per organization by Didit.
///   SessionImportCreateRequest req;
///   req.import_type = SessionImportType::UserVerification;
///   req.workflow_id = "9f9b1234-...";
///   req.file = FilePart::from_path("sessions.csv");
/// Guide: https://docs.didit.me/sessions-api/imports
struct SessionImportCreateRequest {
    /// What to import (the API's default is user_verification).
    std::optional<SessionImportType> import_type{};
    /// The workflow the imported sessions or status rules attach to; required for every type
    /// except transactions.
    std::optional<std::string> workflow_id{};
    /// csv or ndjson; inferred from the file's (or URL's) extension when not set.
    std::optional<SessionImportFormat> source_format{};
    /// The file to upload: text (CSV or NDJSON), at most 25 * 10^6 bytes. Leave it empty to
    /// import from `source_file_url`.
    FilePart file{};
    /// An HTTPS URL of the file on a public address, in place of `file`.
    std::optional<std::string> source_file_url{};
    /// Further form fields (an object): strings as they are, other values JSON-encoded.
    Json extra{};

    /// The form's parts and fields; exactly one of `file` and `source_file_url` is refused
    /// otherwise, before sending.
    void multipart(MultipartForm& form) const {
        if (file.empty() == !source_file_url) form.refuse("file", "give exactly one of file and source_file_url");
        form.choice("import_type", import_type);
        form.text("workflow_id", workflow_id);
        form.choice("source_format", source_format);
        form.optional_file("file", file, upload_rules::text_25mb);
        form.text("source_file_url", source_file_url);
        form.extra(extra);
    }
};

/// The CSV template of an import type: its header row, the canonical columns (the first column
/// of a session template is the idempotency key `external_id`).
struct SessionImportTemplate {
    /// The CSV text as received.
    std::string csv{};
    /// The reply's Content-Type.
    std::string content_type{};

    /// Turns a 2xx reply into the template. A JSON body (an error wrapped in a 200) or an empty
    /// one is a Decode error; any other body is kept as the CSV text.
    static Result<SessionImportTemplate> from_response(const HttpResponse& r) {
        std::string_view ctype = r.headers.get("content-type");
        std::string_view media = ctype.substr(0, ctype.find(';'));
        while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
        if (!r.body.empty() && !detail::iequals(media, "application/json"))
            return SessionImportTemplate{r.body, std::string(ctype)};
        Error e = r.body.empty() ? Error{} : detail::error_from_response(r);
        e.status = r.status;
        e.request_id = detail::request_id_of(r.headers);
        e.kind = ErrorKind::Decode;
        std::string what = r.body.empty() ? "an empty body instead of CSV" : "a JSON body instead of CSV";
        if (!r.body.empty() && !e.message.empty()) what += ": " + e.message;
        e.message = "reply of SessionImportsTemplate: " + what;
        e.attempts = 1;
        return e;
    }
};

}  // namespace didit

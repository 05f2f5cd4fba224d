// SPDX-License-Identifier: MIT
// kiosk_check: an embedded-style identity check. A kiosk has photographed an ID document and taken
// a selfie; this program sends them through Didit's standalone checks over plain POSIX sockets
// (socket_transport.hpp; no libcurl, no OpenSSL) and prints the outcome:
//   1. ID verification of the document (front, and back when given),
//   2. passive liveness of the selfie,
//   3. face match of the selfie against the document's portrait.
// It stops at the first decline: each check that replies costs a credit.
//
//   didit-sim --port 8790 &
//   DIDIT_BASE_URL=http://127.0.0.1:8790 DIDIT_API_KEY=<key> kiosk_check id_front.jpg selfie.jpg [id_back.jpg]
//
// Files are JPEG, PNG, WebP or TIFF (the document may also be a PDF); the SDK checks each one's
// type and size before anything is sent. API reference: https://docs.didit.me/standalone-apis/id-verification
// Exit status: 0 approved, 1 declined, 2 usage, 3 error (a file refused, the network, the API).
#define DIDIT_NO_CURL
#define DIDIT_NO_OPENSSL
#include <didit/didit.hpp>

#include <iostream>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "socket_transport.hpp"

namespace {

constexpr int kApproved = 0, kDeclined = 1, kUsage = 2, kError = 3;

int error(const char* step, const didit::Error& e) {
    std::cerr << "kiosk_check: " << step << ": " << e.to_string() << '\n';
    std::cout << "outcome: error\n";
    return kError;
}

int declined(const char* step) {
    std::cout << "outcome: declined (" << step << ")\n";
    return kDeclined;
}

/// Prints each warning's risk code, e.g. "  warning: DOCUMENT_EXPIRED (error)".
template <class W>
void print_warnings(const std::optional<std::vector<W>>& warnings) {
    if (!warnings) return;
    for (const W& w : *warnings) {
        std::cout << "  warning: ";
        if constexpr (std::is_same_v<decltype(w.risk), std::optional<std::string>>)
            std::cout << w.risk.value_or("?");
        else
            std::cout << (w.risk ? w.risk->str() : "?");
        std::cout << " (" << (w.log_type ? w.log_type->str() : "?") << ")\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc > 4) {
        std::cerr << "usage: DIDIT_BASE_URL=http://<host>:<port> DIDIT_API_KEY=<key> kiosk_check "
                     "<id_front> <selfie> [<id_back>]\n";
        return kUsage;
    }
    didit::Client<didit_examples::SocketTransport> client;  // reads DIDIT_API_KEY and DIDIT_BASE_URL
    if (client.options().api_key.empty() || client.options().base_url.rfind("http://", 0) != 0) {
        std::cerr << "kiosk_check: set DIDIT_API_KEY and an http:// DIDIT_BASE_URL (e.g. didit-sim's)\n";
        return kUsage;
    }
    const std::string front = argv[1], selfie = argv[2];

    // 1. The document.
    didit::IdVerificationRequest id;
    id.front_image = didit::FilePart::from_path(front);
    if (argc == 4) id.back_image = didit::FilePart::from_path(argv[3]);
    id.save_api_request = false;  // a kiosk keeps nothing it does not need
    auto doc = client.checks().id_verification(id);
    if (!doc) return error("ID verification", doc.error());
    const didit::IdCheckOutcome& d = doc->id_verification.value_or(didit::IdCheckOutcome{});
    std::cout << "document: " << (d.status ? d.status->str() : "?") << " — " << d.full_name.value_or("(no name)")
              << ", " << d.document_type.value_or("?") << " " << d.document_number.value_or("") << ", expires "
              << d.expiration_date.value_or("?") << '\n';
    print_warnings(d.warnings);
    if (d.status != didit::ImageCheckStatus::Approved) return declined("document");

    // 2. The person is there: passive liveness of the selfie.
    didit::PassiveLivenessRequest live;
    live.user_image = didit::FilePart::from_path(selfie);
    live.save_api_request = false;
    auto liveness = client.checks().passive_liveness(live);
    if (!liveness) return error("passive liveness", liveness.error());
    const didit::PassiveLivenessOutcome& l = liveness->liveness.value_or(didit::PassiveLivenessOutcome{});
    std::cout << "liveness: " << (l.status ? l.status->str() : "?") << " — score " << l.score.value_or(-1) << '\n';
    print_warnings(l.warnings);
    if (l.status != didit::ImageCheckStatus::Approved) return declined("liveness");

    // 3. The person is the document's holder: the selfie against the document's portrait.
    didit::FaceMatchRequest match;
    match.user_image = didit::FilePart::from_path(selfie);
    match.ref_image = didit::FilePart::from_path(front);
    match.save_api_request = false;
    auto faces = client.checks().face_match(match);
    if (!faces) return error("face match", faces.error());
    const didit::FaceMatchOutcome& m = faces->face_match;
    std::cout << "face match: " << (m.status ? m.status->str() : "?") << " — score " << m.score.value_or(-1) << '\n';
    for (const didit::Warning& w : m.warnings) std::cout << "  warning: " << w.risk.value_or("?") << '\n';
    if (m.status != didit::FeatureStatus::Approved) return declined("face match");

    std::cout << "outcome: approved\n";
    return kApproved;
}

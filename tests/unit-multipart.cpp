// SPDX-License-Identifier: MIT
// File uploads: the multipart encoder's exact bytes, its refusals, streaming through every
// transport, and face match end to end against the simulator.
#include <didit/didit.hpp>
#include <didit/sim.hpp>

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

#include "fault_server.hpp"
#include "support.hpp"

namespace {

using didit::FaceMatchRequest;
using didit::FilePart;
using didit::HttpRequest;
using didit::HttpResponse;
using didit::Json;
namespace sim = didit::sim;
using namespace didit_test;  // NOLINT(google-build-using-namespace): the shared test helpers

/// A JPEG by its first bytes, `n` bytes long, the rest a pattern seeded by `seed`.
std::string jpeg(std::size_t n, char seed = 'a') {
    std::string s("\xFF\xD8\xFF\xE0", 4);
    s.reserve(n);
    while (s.size() < n) s += static_cast<char>(seed + static_cast<char>(s.size() % 23));
    s.resize(n);
    return s;
}
/// A PNG by its first bytes, `n` bytes long.
std::string png(std::size_t n) {
    std::string s("\x89PNG\r\n\x1A\n", 8);
    while (s.size() < n) s += static_cast<char>('0' + static_cast<char>(s.size() % 10));
    s.resize(n);
    return s;
}

/// A file in the temporary directory, removed at the end of the test.
struct TempFile {
    explicit TempFile(const std::string& bytes, const std::string& name = "image.png") {
        static int serial = 0;
        dir = std::filesystem::temp_directory_path() /
              ("didit-multipart-" + std::to_string(::getpid()) + "-" + std::to_string(++serial));
        std::filesystem::create_directories(dir);
        path = (dir / name).string();
        std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    }
    ~TempFile() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    std::filesystem::path dir;
    std::string path;
};

const char* kApproved = R"({"request_id":"f9f5a777-8002-44c6-baaf-128bcfd6e226","face_match":{"status":"Approved",
  "score":99.41,"user_image":{"entities":[{"bbox":[661,728,1688,2188],"confidence":0.732973,"age":26.91,
  "gender":"male","race":null}],"best_angle":0},"ref_image":{"entities":[],"best_angle":0},"warnings":[],
  "liveness_hint":"kept"},"vendor_data":"user-123","metadata":{"flow":"login"},
  "created_at":"2026-06-12T01:04:42.763237+00:00"})";

std::string boundary_of(const HttpRequest& r) {
    const std::string ct(r.headers.get("Content-Type"));
    const std::string prefix = "multipart/form-data; boundary=";
    REQUIRE(ct.rfind(prefix, 0) == 0);
    return ct.substr(prefix.size());
}

std::string body_of(const HttpRequest& r) {
    REQUIRE(r.body_source);
    auto all = r.body_source->read_all();
    REQUIRE(all.ok());
    return all.value();
}

/// The request every transport test sends: one part from memory, one from a path, settings.
FaceMatchRequest sample_request(const std::string& ref_path) {
    FaceMatchRequest req;
    req.user_image = FilePart::from_memory(jpeg(1000), "selfie.jpg", "image/jpeg");
    req.ref_image = FilePart::from_path(ref_path);
    req.face_match_score_decline_threshold = 50;
    req.rotate_image = false;
    req.vendor_data = "user-123";
    req.metadata = Json{{"flow", "login"}};
    return req;
}

std::string expected_body(const std::string& b, const std::string& user, const std::string& ref,
                          const std::string& ref_name) {
    std::string s;
    s += "--" + b + "\r\nContent-Disposition: form-data; name=\"user_image\"; filename=\"selfie.jpg\"\r\n";
    s += "Content-Type: image/jpeg\r\n\r\n" + user + "\r\n";
    s += "--" + b + "\r\nContent-Disposition: form-data; name=\"ref_image\"; filename=\"" + ref_name + "\"\r\n";
    s += "Content-Type: image/png\r\n\r\n" + ref + "\r\n";
    s += "--" + b + "\r\nContent-Disposition: form-data; name=\"face_match_score_decline_threshold\"\r\n\r\n50.0\r\n";
    s += "--" + b + "\r\nContent-Disposition: form-data; name=\"rotate_image\"\r\n\r\nfalse\r\n";
    s += "--" + b + "\r\nContent-Disposition: form-data; name=\"vendor_data\"\r\n\r\nuser-123\r\n";
    s += "--" + b + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{\"flow\":\"login\"}\r\n";
    s += "--" + b + "--\r\n";
    return s;
}

}  // namespace

TEST_CASE("multipart: face match sends the exact form bytes, streams the path part, decodes the reply") {
    TempFile ref(png(3000), "id portrait.png");
    MockClient m;
    m.mock.reply(200, kApproved);
    auto r = m.client.checks().face_match(sample_request(ref.path));
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    CHECK(r.value().face_match.status == didit::FeatureStatus::Approved);
    CHECK(r.value().face_match.score.value() == doctest::Approx(99.41));
    CHECK(r.value().face_match.user_image->entities.at(0).bbox == std::vector<std::int64_t>{661, 728, 1688, 2188});
    CHECK(r.value().face_match.extra.contains("liveness_hint"));  // unknown members kept
    CHECK(r.value().request_id == "f9f5a777-8002-44c6-baaf-128bcfd6e226");

    REQUIRE(m.mock.request_count() == 1);
    const HttpRequest req = *m.mock.last_request();
    CHECK(req.method == didit::Method::Post);
    CHECK(req.url == "https://verification.didit.me/v3/face-match/");
    CHECK(req.body.empty());
    CHECK(req.headers.get("x-api-key") == kApiKey);
    const std::string b = boundary_of(req);
    CHECK(b.size() >= 16);
    std::string ref_bytes = png(3000);
    CHECK(body_of(req) == expected_body(b, jpeg(1000), ref_bytes, "id portrait.png"));
    CHECK(req.body_source->size() == body_of(req).size());
    // The path part is a file range of its own (read while sending), not bytes in memory.
    CHECK(req.body_source->segment_count() == 5);

    // Each encoding has a boundary of its own.
    m.mock.reply(200, kApproved);
    REQUIRE(m.client.checks().face_match(sample_request(ref.path)).ok());
    CHECK(boundary_of(*m.mock.last_request()) != b);
}

TEST_CASE("multipart: each refusal is InvalidArgument naming the part, and nothing is sent") {
    TempFile big(jpeg(6 * 1000 * 1000), "big.jpg");
    TempFile at_limit(jpeg(5000000), "limit.jpg");
    TempFile over_limit(jpeg(5000001), "over.jpg");
    TempFile gif(std::string("GIF89a") + std::string(100, 'x'), "really.png");
    TempFile empty(std::string(), "empty.jpg");
    MockClient m;
    auto refused = [&](FaceMatchRequest req, const std::string& part, const std::string& why) {
        auto r = m.client.checks().face_match(req);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == didit::ErrorKind::InvalidArgument);
        CHECK(r.error().not_sent);
        CHECK_MESSAGE(r.error().message.find(part + ":") != std::string::npos, r.error().message);
        CHECK_MESSAGE(r.error().message.find(why) != std::string::npos, r.error().message);
        CHECK(m.mock.request_count() == 0);
        auto f = m.client.async().checks().face_match(req).get();  // the async view refuses alike
        REQUIRE_FALSE(f.ok());
        CHECK(f.error().message == r.error().message);
        CHECK(m.mock.request_count() == 0);
    };
    auto base = [&] {
        FaceMatchRequest req;
        req.user_image = FilePart::from_memory(jpeg(100), "a.jpg");
        req.ref_image = FilePart::from_path(at_limit.path);
        return req;
    };
    FaceMatchRequest req = base();
    req.user_image = FilePart();
    refused(req, "user_image", "a file is required");
    req = base();
    req.ref_image = FilePart::from_path(big.dir.string() + "/no-such-file.jpg");
    refused(req, "ref_image", "cannot open");
    req = base();
    req.ref_image = FilePart::from_path(big.path);  // 6 MB
    refused(req, "ref_image", "6000000 bytes, over the limit of 5000000 bytes");
    req = base();
    req.ref_image = FilePart::from_path(over_limit.path);
    refused(req, "ref_image", "over the limit");
    req = base();
    req.user_image = FilePart::from_memory(jpeg(5000001), "big.jpg");
    refused(req, "user_image", "over the limit");
    req = base();
    req.ref_image = FilePart::from_path(gif.path);  // named .png, a GIF by its bytes
    refused(req, "ref_image", "not a JPEG, PNG, WebP or TIFF image");
    req = base();
    req.user_image = FilePart::from_memory("%PDF-1.7 not an image", "a.pdf");
    refused(req, "user_image", "not a JPEG, PNG, WebP or TIFF image");
    req = base();
    req.ref_image = FilePart::from_path(empty.path);
    refused(req, "ref_image", "empty");
    req = base();
    req.user_image = FilePart::from_memory(jpeg(100), "a.jpg", "image/png");
    refused(req, "user_image", "declared as image/png but the content is image/jpeg");
    req = base();
    req.face_match_score_decline_threshold = 100.5;
    refused(req, "face_match_score_decline_threshold", "from 0.0 to 100.0");
    req = base();
    req.extra = Json{{"vendor_data", "x"}};
    req.vendor_data = "y";
    refused(req, "vendor_data", "both as a field and in extra");

    // Exactly 5 * 10^6 bytes is within the limit.
    m.mock.reply(200, kApproved);
    CHECK(m.client.checks().face_match(base()).ok());
    CHECK(m.mock.request_count() == 1);
}

TEST_CASE("multipart: the boundary occurs in no in-memory part; names are escaped; extra fields are text") {
    std::vector<std::string> offered{"AAAA", "BBBB"};
    std::size_t next = 0;
    didit::MultipartForm form([&] { return offered[next++ % offered.size()]; });
    FaceMatchRequest req;
    req.user_image = FilePart::from_memory(jpeg(50) + "\r\n--AAAA\r\n", "a\"b\r\nc.jpg");
    req.ref_image = FilePart::from_memory(jpeg(60), "b.jpg");
    req.extra = Json{{"note", "plain"}, {"level", 3}, {"flag", true}};
    req.multipart(form);
    auto body = form.finish();
    REQUIRE(body.ok());
    CHECK(body.value().content_type == "multipart/form-data; boundary=BBBB");
    CHECK(next == 2);
    const std::string bytes = body.value().source->read_all().value();
    CHECK(bytes.find("filename=\"a%22b%0D%0Ac.jpg\"") != std::string::npos);
    CHECK(bytes.find("name=\"note\"\r\n\r\nplain\r\n") != std::string::npos);
    CHECK(bytes.find("name=\"level\"\r\n\r\n3\r\n") != std::string::npos);
    CHECK(bytes.find("name=\"flag\"\r\n\r\ntrue\r\n") != std::string::npos);

    // A boundary source that always collides is refused, not sent with a broken body.
    didit::MultipartForm stuck([] { return std::string("AAAA"); });
    req.multipart(stuck);
    auto refused = stuck.finish();
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == didit::ErrorKind::InvalidArgument);
    CHECK(refused.error().message.find("boundary") != std::string::npos);
}

TEST_CASE("multipart: a body source reads across segments, and a vanished file is an error naming it") {
    TempFile f("0123456789");
    didit::BodySource src;
    src.append("ab");
    src.append_file(f.path, 3, 4);
    src.append_shared(std::make_shared<const std::string>("xyz"));
    CHECK(src.size() == 9);
    CHECK(src.read_all().value() == "ab3456xyz");
    char buf[4];
    auto got = src.read(1, buf, 4);
    REQUIRE(got.ok());
    CHECK(std::string(buf, got.value()) == "b345");
    CHECK(src.read(9, buf, 4).value() == 0);
    didit::BodySource gone;
    gone.append_file(f.dir.string() + "/missing.bin", 0, 10);
    auto bad = gone.read_all();
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("missing.bin") != std::string::npos);
}

namespace {
/// A transport that knows only HttpRequest::body (like examples/custom_transport.cpp).
struct BodyOnlyTransport {
    std::shared_ptr<std::vector<HttpRequest>> seen = std::make_shared<std::vector<HttpRequest>>();
    didit::Result<HttpResponse> send(const HttpRequest& req) {
        seen->push_back(req);
        HttpResponse r;
        r.status = 200;
        r.body = kApproved;
        return r;
    }
};
}  // namespace

TEST_CASE("multipart: a transport that knows only `body` gets the bytes, sync, async and through AnyTransport") {
    TempFile ref(png(2000), "ref.png");
    BodyOnlyTransport t;
    didit::Client<BodyOnlyTransport> client(test_options(), t);
    REQUIRE(client.checks().face_match(sample_request(ref.path)).ok());
    REQUIRE(client.async().checks().face_match(sample_request(ref.path)).get().ok());
    didit::Client<didit::AnyTransport> any(test_options(), didit::AnyTransport(t));
    REQUIRE(any.checks().face_match(sample_request(ref.path)).ok());
    REQUIRE(t.seen->size() == 3);
    for (const HttpRequest& req : *t.seen) {
        CHECK_FALSE(req.body_source);
        std::string b = boundary_of(req);
        CHECK(req.body == expected_body(b, jpeg(1000), png(2000), "ref.png"));
    }
}

TEST_CASE("multipart: CurlTransport and CurlMultiTransport stream identical bytes to a loopback server") {
    fault::Server server;
    server.on("POST", "/v3/face-match/", {fault::Reply::json(200, kApproved)});
    const std::string ref_bytes = png(3 * 1000 * 1000);
    TempFile ref(ref_bytes, "ref.png");
    didit::ClientOptions o = test_options();
    o.base_url = server.base();
    {
        didit::Client<didit::CurlTransport> client(o);
        auto r = client.checks().face_match(sample_request(ref.path));
        REQUIRE_MESSAGE(r.ok(), r.error().to_string());
        CHECK(r.value().face_match.status == didit::FeatureStatus::Approved);
    }
    {
        didit::Client<didit::CurlMultiTransport> client(o, std::in_place);
        auto r = client.async().checks().face_match(sample_request(ref.path)).get();
        REQUIRE_MESSAGE(r.ok(), r.error().to_string());
        auto s = client.checks().face_match(sample_request(ref.path));
        REQUIRE_MESSAGE(s.ok(), s.error().to_string());
    }
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    for (const auto& req : requests) {
        const std::string ct = req.header("Content-Type");
        const std::string prefix = "multipart/form-data; boundary=";
        REQUIRE(ct.rfind(prefix, 0) == 0);
        const std::string expected = expected_body(ct.substr(prefix.size()), jpeg(1000), ref_bytes, "ref.png");
        CHECK(req.body.size() == expected.size());
        CHECK(req.body == expected);
        CHECK(req.header("Content-Length") == std::to_string(expected.size()));
        CHECK(req.header("Transfer-Encoding").empty());
        CHECK(req.header("x-api-key") == kApiKey);
    }
}

namespace {
struct SimSetup {
    std::shared_ptr<sim::Platform> p = [] {
        sim::Options so;
        so.rate_limits.enabled = false;
        return std::make_shared<sim::Platform>(so);
    }();
    didit::Client<sim::SimTransport> client{[this] {
                                                didit::ClientOptions o;
                                                o.api_key = p->api_key();
                                                o.retry.max_retries = 0;
                                                o.rate_limit = false;
                                                return o;
                                            }(),
                                            sim::SimTransport(p)};
};
}  // namespace

TEST_CASE("multipart: face match against the simulator: identical images approved, different ones declined") {
    SimSetup s;
    TempFile selfie(jpeg(4000, 'k'), "selfie.jpg");
    FaceMatchRequest same;
    same.user_image = FilePart::from_path(selfie.path);
    same.ref_image = FilePart::from_memory(jpeg(4000, 'k'), "copy.jpg");
    same.vendor_data = "user-7";
    auto r = s.client.checks().face_match(same);
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    CHECK(r.value().face_match.status == didit::FeatureStatus::Approved);
    CHECK(r.value().face_match.score.value() >= 95.0);
    CHECK(r.value().face_match.warnings.empty());
    CHECK(r.value().vendor_data.value() == "user-7");
    CHECK(r.value().face_match.user_image->entities.size() == 1);
    // Deterministic: the same images score the same.
    auto again = s.client.checks().face_match(same);
    REQUIRE(again.ok());
    CHECK(again.value().face_match.score.value() == r.value().face_match.score.value());

    FaceMatchRequest other;
    other.user_image = FilePart::from_path(selfie.path);
    other.ref_image = FilePart::from_memory(png(4000), "other.png");
    other.face_match_score_decline_threshold = 60;  // different images score below 60
    other.metadata = Json{{"flow", "login"}};
    auto d = s.client.checks().face_match(other);
    REQUIRE_MESSAGE(d.ok(), d.error().to_string());
    CHECK(d.value().face_match.status == didit::FeatureStatus::Declined);
    CHECK(d.value().face_match.score.value() <= 60.0);
    REQUIRE(d.value().face_match.warnings.size() == 1);
    CHECK(d.value().face_match.warnings[0].risk == std::optional<std::string>("LOW_FACE_MATCH_SIMILARITY"));
    CHECK(d.value().metadata == std::optional<Json>(Json{{"flow", "login"}}));

    // A request that the SDK would refuse, sent raw: the simulator refuses it too.
    HttpRequest raw;
    raw.method = didit::Method::Post;
    raw.url = "http://sim.invalid/v3/face-match/";
    raw.headers.set("x-api-key", s.p->api_key());
    raw.headers.set("Content-Type", "multipart/form-data; boundary=zz");
    raw.body =
        "--zz\r\nContent-Disposition: form-data; name=\"user_image\"; filename=\"a.gif\"\r\n\r\nGIF89a\r\n--zz--\r\n";
    HttpResponse bad = s.p->handle(raw);
    CHECK(bad.status == 400);
    CHECK(bad.body.find("user_image") != std::string::npos);
}

TEST_CASE("multipart: async face match against the simulator") {
    SimSetup s;
    FaceMatchRequest same;
    same.user_image = FilePart::from_memory(jpeg(2000, 'q'), "a.jpg");
    same.ref_image = FilePart::from_memory(jpeg(2000, 'q'), "b.jpg");
    same.face_match_score_decline_threshold = 90;
    auto f = s.client.async().checks().face_match(same);
    auto r = f.get();
    REQUIRE_MESSAGE(r.ok(), r.error().to_string());
    CHECK(r.value().face_match.status == didit::FeatureStatus::Approved);
}

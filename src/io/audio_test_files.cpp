#include "io/audio_test_files.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libswresample/swresample.h>
}

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <numbers>

namespace borough::io::testing {
namespace {

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFFU));
}
void put_u16(std::string& out, std::uint16_t v) {
    out.push_back(static_cast<char>(v & 0xFFU));
    out.push_back(static_cast<char>((v >> 8) & 0xFFU));
}

struct OutputCloser {
    void operator()(AVFormatContext* c) const {
        if (c->pb != nullptr) avio_closep(&c->pb);
        avformat_free_context(c);
    }
};
struct CodecFreer {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct FrameFreer {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};
struct PacketFreer {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwrFreer {
    void operator()(SwrContext* s) const { swr_free(&s); }
};

using CodecPtr = std::unique_ptr<AVCodecContext, CodecFreer>;

// Sends one frame (or nullptr to flush) and writes every packet it yields.
int write_frames(AVFormatContext* oc, AVCodecContext* ctx, AVStream* st, AVFrame* frame, AVPacket* pkt) {
    int rc = avcodec_send_frame(ctx, frame);
    if (rc < 0) return rc;
    for (;;) {
        rc = avcodec_receive_packet(ctx, pkt);
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return 0;
        if (rc < 0) return rc;
        av_packet_rescale_ts(pkt, ctx->time_base, st->time_base);
        pkt->stream_index = st->index;
        rc = av_interleaved_write_frame(oc, pkt);
        if (rc < 0) return rc;
    }
}

}  // namespace

std::vector<float> sine(double frequency_hz, double seconds, int rate, float amplitude) {
    const auto n = static_cast<std::size_t>(seconds * rate);
    std::vector<float> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = amplitude *
                 static_cast<float>(std::sin(2.0 * std::numbers::pi * frequency_hz * static_cast<double>(i) / rate));
    }
    return out;
}

std::string wav_bytes(const std::vector<std::vector<float>>& channels, int rate) {
    const auto nch = static_cast<std::uint16_t>(channels.size());
    const std::size_t frames = channels.empty() ? 0 : channels[0].size();
    const auto data_bytes = static_cast<std::uint32_t>(frames * nch * 2);
    std::string out;
    out.reserve(44 + data_bytes);
    out += "RIFF";
    put_u32(out, 36 + data_bytes);
    out += "WAVEfmt ";
    put_u32(out, 16);
    put_u16(out, 1);  // PCM
    put_u16(out, nch);
    put_u32(out, static_cast<std::uint32_t>(rate));
    put_u32(out, static_cast<std::uint32_t>(rate) * nch * 2);
    put_u16(out, static_cast<std::uint16_t>(nch * 2));
    put_u16(out, 16);
    out += "data";
    put_u32(out, data_bytes);
    for (std::size_t i = 0; i < frames; ++i) {
        for (const auto& ch : channels) {
            const float s = std::clamp(ch[i], -1.0F, 1.0F);
            const auto v = static_cast<std::int16_t>(std::lrint(s * 32767.0F));
            put_u16(out, static_cast<std::uint16_t>(v));
        }
    }
    return out;
}

bool has_encoder(const std::string& name) { return avcodec_find_encoder_by_name(name.c_str()) != nullptr; }

std::string encode_file(const std::filesystem::path& path, const EncodeSpec& spec,
                        const std::vector<std::vector<float>>& channels, int rate) {
    av_log_set_level(AV_LOG_QUIET);
    const std::string file = path.string();
    AVFormatContext* raw = nullptr;
    if (avformat_alloc_output_context2(&raw, nullptr, spec.container.c_str(), file.c_str()) < 0) {
        return "no muxer " + spec.container;
    }
    std::unique_ptr<AVFormatContext, OutputCloser> oc(raw);
    const bool global_header = (oc->oformat->flags & AVFMT_GLOBALHEADER) != 0;
    std::unique_ptr<AVPacket, PacketFreer> pkt(av_packet_alloc());

    // Video first (stream 0), so the decoder has to pick the audio stream rather than stream 0.
    CodecPtr vctx;
    AVStream* vst = nullptr;
    if (spec.with_video || !spec.audio) {
        const char* vname = spec.container == "webm" ? "libvpx" : "mpeg4";
        const AVCodec* vc = avcodec_find_encoder_by_name(vname);
        if (vc == nullptr) return std::string("no encoder ") + vname;
        vst = avformat_new_stream(oc.get(), nullptr);
        vctx.reset(avcodec_alloc_context3(vc));
        vctx->width = 64;
        vctx->height = 48;
        vctx->pix_fmt = AV_PIX_FMT_YUV420P;
        vctx->time_base = AVRational{1, 5};
        vctx->framerate = AVRational{5, 1};
        vctx->bit_rate = 100000;
        if (global_header) vctx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (avcodec_open2(vctx.get(), vc, nullptr) < 0) return std::string("cannot open ") + vname;
        avcodec_parameters_from_context(vst->codecpar, vctx.get());
        vst->time_base = vctx->time_base;
    }

    CodecPtr actx;
    AVStream* ast = nullptr;
    const auto nch = static_cast<int>(channels.size());
    if (spec.audio) {
        const AVCodec* ac = avcodec_find_encoder_by_name(spec.encoder.c_str());
        if (ac == nullptr) return "no encoder " + spec.encoder;
        ast = avformat_new_stream(oc.get(), nullptr);
        actx.reset(avcodec_alloc_context3(ac));
        actx->sample_fmt = ac->sample_fmts != nullptr ? ac->sample_fmts[0] : AV_SAMPLE_FMT_FLTP;
        actx->sample_rate = rate;
        av_channel_layout_default(&actx->ch_layout, nch);
        actx->bit_rate = 96000;
        actx->time_base = AVRational{1, rate};
        actx->strict_std_compliance = FF_COMPLIANCE_EXPERIMENTAL;
        if (global_header) actx->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
        if (avcodec_open2(actx.get(), ac, nullptr) < 0) return "cannot open encoder " + spec.encoder;
        avcodec_parameters_from_context(ast->codecpar, actx.get());
        ast->time_base = actx->time_base;
    }

    if (avio_open(&oc->pb, file.c_str(), AVIO_FLAG_WRITE) < 0) return "cannot create " + file;
    if (avformat_write_header(oc.get(), nullptr) < 0) return "cannot write header";

    const std::size_t frames = channels.empty() ? 0 : channels[0].size();
    const double seconds = static_cast<double>(frames) / rate;

    if (vctx) {
        std::unique_ptr<AVFrame, FrameFreer> vf(av_frame_alloc());
        vf->format = vctx->pix_fmt;
        vf->width = vctx->width;
        vf->height = vctx->height;
        if (av_frame_get_buffer(vf.get(), 0) < 0) return "video frame";
        const auto count = static_cast<std::int64_t>(std::max(1.0, seconds * 5));
        for (std::int64_t i = 0; i < count; ++i) {
            av_frame_make_writable(vf.get());
            for (int p = 0; p < 3; ++p) {
                const int h = p == 0 ? vf->height : vf->height / 2;
                for (int y = 0; y < h; ++y) {
                    std::fill_n(vf->data[p] + static_cast<std::ptrdiff_t>(y) * vf->linesize[p], vf->linesize[p],
                                static_cast<std::uint8_t>((i * 10 + p * 60) & 0xFF));
                }
            }
            vf->pts = i;
            if (write_frames(oc.get(), vctx.get(), vst, vf.get(), pkt.get()) < 0) return "video encode";
        }
        if (write_frames(oc.get(), vctx.get(), vst, nullptr, pkt.get()) < 0) return "video flush";
    }

    if (actx) {
        SwrContext* sraw = nullptr;
        AVChannelLayout layout{};
        av_channel_layout_default(&layout, nch);
        if (swr_alloc_set_opts2(&sraw, &actx->ch_layout, actx->sample_fmt, rate, &layout, AV_SAMPLE_FMT_FLTP, rate, 0,
                                nullptr) < 0) {
            return "swr";
        }
        std::unique_ptr<SwrContext, SwrFreer> swr(sraw);
        if (swr_init(swr.get()) < 0) return "swr init";
        const int frame_size = actx->frame_size > 0 ? actx->frame_size : 1024;
        std::unique_ptr<AVFrame, FrameFreer> af(av_frame_alloc());
        std::int64_t pts = 0;
        for (std::size_t pos = 0; pos < frames; pos += static_cast<std::size_t>(frame_size)) {
            const int n = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(frame_size), frames - pos));
            av_frame_unref(af.get());
            af->format = actx->sample_fmt;
            av_channel_layout_copy(&af->ch_layout, &actx->ch_layout);
            af->sample_rate = rate;
            af->nb_samples = n;
            if (av_frame_get_buffer(af.get(), 0) < 0) return "audio frame";
            std::vector<const std::uint8_t*> in(static_cast<std::size_t>(nch));
            for (int c = 0; c < nch; ++c) {
                in[static_cast<std::size_t>(c)] =
                    reinterpret_cast<const std::uint8_t*>(channels[static_cast<std::size_t>(c)].data() + pos);
            }
            if (swr_convert(swr.get(), af->extended_data, n, in.data(), n) < 0) return "convert";
            af->pts = pts;
            pts += n;
            if (write_frames(oc.get(), actx.get(), ast, af.get(), pkt.get()) < 0) return "audio encode";
        }
        if (write_frames(oc.get(), actx.get(), ast, nullptr, pkt.get()) < 0) return "audio flush";
    }
    if (av_write_trailer(oc.get()) < 0) return "trailer";
    return "";
}

}  // namespace borough::io::testing

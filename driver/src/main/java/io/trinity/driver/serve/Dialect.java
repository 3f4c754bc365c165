package io.trinity.driver.serve;

import io.trinity.gateway.server.Exchange;
import java.util.List;

/**
 * One OpenAI API that a served coordinator answers on: how its requests are read and its replies written. The
 * episode between them is the same for every API ({@link EpisodeEndpoint}).
 */
interface Dialect {
  String path();

  /** What reply ids start with, before a per-server random part and a counter. */
  String idPrefix();

  /** The request, checked; a problem is a 400 {@link io.trinity.gateway.api.GatewayException} naming the field. */
  CompletionRequest parse(Exchange exchange);

  /**
   * How {@code request} is answered as its episode goes; a streamed reply starts its stream here. {@code poolModels}
   * are the pool models in the order of the head's logits, to name a turn's model before its reply is in.
   */
  CompletionReply reply(Exchange exchange, CompletionJson.Header header, CompletionJson.EpisodeFacts facts,
      CompletionRequest request, List<String> poolModels);

  /** {@code POST /v1/chat/completions}. */
  Dialect CHAT_COMPLETIONS = new Dialect() {
    @Override
    public String path() {
      return "/v1/chat/completions";
    }

    @Override
    public String idPrefix() {
      return "chatcmpl-trinity-";
    }

    @Override
    public CompletionRequest parse(Exchange exchange) {
      return CompletionRequests.parse(exchange.body(), exchange.header(CompletionRequests.TRANSCRIPT_HEADER));
    }

    @Override
    public CompletionReply reply(Exchange exchange, CompletionJson.Header header, CompletionJson.EpisodeFacts facts,
        CompletionRequest request, List<String> poolModels) {
      return request.stream()
          ? new StreamedReply(exchange, header, facts, request.includeUsage())
          : new WholeReply(exchange, played -> CompletionJson.completion(header, played, facts,
              request.includeTranscript()));
    }
  };

  /** {@code POST /v1/responses}, for text in and text out. */
  Dialect RESPONSES = new Dialect() {
    @Override
    public String path() {
      return "/v1/responses";
    }

    @Override
    public String idPrefix() {
      return "resp_trinity";
    }

    @Override
    public CompletionRequest parse(Exchange exchange) {
      return ResponsesRequests.parse(exchange.body(), exchange.header(CompletionRequests.TRANSCRIPT_HEADER));
    }

    @Override
    public CompletionReply reply(Exchange exchange, CompletionJson.Header header, CompletionJson.EpisodeFacts facts,
        CompletionRequest request, List<String> poolModels) {
      ResponsesJson json = new ResponsesJson(header, facts, request);
      return request.stream()
          ? new StreamedResponse(exchange, json, poolModels)
          : new WholeReply(exchange, json::completed);
    }
  };
}

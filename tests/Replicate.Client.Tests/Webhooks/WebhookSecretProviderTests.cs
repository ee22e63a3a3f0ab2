using System.Net;
using Microsoft.AspNetCore.Http;
using Replicate.Client.Webhooks;
using Replicate.Generated;
using Replicate.Testing;

namespace Replicate.Client.Tests.Webhooks;

/// <summary>The secret provider over the generated client and a real loopback server.</summary>
public class WebhookSecretProviderTests
{
    private static readonly byte[] Body = "{}"u8.ToArray();

    [Test]
    public async Task The_secret_is_fetched_from_the_default_secret_endpoint_and_cached_for_its_lifetime()
    {
        await using var server = await SecretServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Server.BaseAddress };
        var clock = FakeTimeProvider.AtUnixSeconds(StandardVector.Timestamp);
        using var provider = new WebhookSecretProvider(new WebhooksClient(http), new WebhookSecretProviderOptions { CacheLifetime = TimeSpan.FromMinutes(10), TimeProvider = clock });

        var first = await provider.GetSecretAsync();
        clock.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        var cached = await provider.GetSecretAsync();
        clock.Advance(TimeSpan.FromTicks(1));
        var expired = await provider.GetSecretAsync();

        server.Server.Requests.Select(r => (r.Method, r.PathAndQuery)).Should().Equal(
            [("GET", "/webhooks/default/secret"), ("GET", "/webhooks/default/secret")],
            "the second call is served from the cache and the third comes after the lifetime");
        cached.Should().BeSameAs(first);
        Signs(first, server.KeyNumber(1)).Should().BeTrue("the first fetch returned key 1");
        Signs(expired, server.KeyNumber(2)).Should().BeTrue("the fetch after expiry returned key 2");
    }

    [Test]
    public async Task Refresh_fetches_a_rotated_key_but_not_more_often_than_the_minimum_interval()
    {
        await using var server = await SecretServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Server.BaseAddress };
        var clock = FakeTimeProvider.AtUnixSeconds(StandardVector.Timestamp);
        using var provider = new WebhookSecretProvider(new WebhooksClient(http), new WebhookSecretProviderOptions { MinimumRefreshInterval = TimeSpan.FromSeconds(30), TimeProvider = clock });

        var original = await provider.GetSecretAsync();
        var tooSoon = await provider.RefreshAsync();
        clock.Advance(TimeSpan.FromSeconds(30));
        var rotated = await provider.RefreshAsync();
        var afterwards = await provider.GetSecretAsync();

        tooSoon.Should().BeSameAs(original, "a refresh within 30 s of the last fetch must not call the API (forged deliveries could force it)");
        server.Requests.Should().Be(2);
        Signs(rotated, server.KeyNumber(2)).Should().BeTrue("the refresh picked up the rotated key");
        afterwards.Should().BeSameAs(rotated, "the refreshed key replaces the cached one");
    }

    [Test]
    public async Task An_unbounded_lifetime_keeps_the_secret_until_refreshed()
    {
        await using var server = await SecretServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Server.BaseAddress };
        var clock = FakeTimeProvider.AtUnixSeconds(StandardVector.Timestamp);
        using var provider = new WebhookSecretProvider(new WebhooksClient(http), new WebhookSecretProviderOptions { CacheLifetime = TimeSpan.MaxValue, TimeProvider = clock });

        var first = await provider.GetSecretAsync();
        clock.Advance(TimeSpan.FromDays(3650));
        var later = await provider.GetSecretAsync();
        var refreshed = await provider.RefreshAsync();

        later.Should().BeSameAs(first);
        Signs(refreshed, server.KeyNumber(2)).Should().BeTrue("an explicit refresh still fetches");
        server.Requests.Should().Be(2);
    }

    [Test]
    public async Task Concurrent_callers_share_one_fetch()
    {
        await using var server = await SecretServer.StartAsync(delay: TimeSpan.FromMilliseconds(200));
        using var http = new HttpClient { BaseAddress = server.Server.BaseAddress };
        using var provider = new WebhookSecretProvider(new WebhooksClient(http));

        var secrets = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await provider.GetSecretAsync())));
        var refreshed = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(async () => await provider.RefreshAsync())));

        server.Requests.Should().Be(1, "twenty concurrent first calls need one fetch, and refreshes within the minimum interval none");
        secrets.Should().AllSatisfy(s => s.Should().BeSameAs(secrets[0]));
        refreshed.Should().AllSatisfy(s => s.Should().BeSameAs(secrets[0]));
    }

    [Test]
    public async Task An_invalid_key_from_the_api_is_invalid_secret_without_the_value_in_the_message()
    {
        const string Leaked = "whsec_this is not base64 but might be a real secret";
        await using var server = await LoopbackServer.StartAsync(200, "application/json", $$"""{"key":"{{Leaked}}"}""");
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var provider = new WebhookSecretProvider(new WebhooksClient(http));

        var thrown = (await provider.Invoking(p => p.GetSecretAsync().AsTask()).Should().ThrowAsync<WebhookVerificationException>()).Which;

        thrown.Reason.Should().Be(WebhookFailureReason.InvalidSecret);
        thrown.Message.Should().NotContain("real secret");
    }

    [Test]
    public async Task A_failed_fetch_propagates_and_the_next_call_tries_again()
    {
        var calls = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var failing = Interlocked.Increment(ref calls) == 1;
            context.Response.StatusCode = failing ? 500 : 200;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(failing ? """{"detail":"boom"}""" : """{"key":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}""");
        });
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        using var provider = new WebhookSecretProvider(new WebhooksClient(http));

        await provider.Invoking(p => p.GetSecretAsync().AsTask()).Should().ThrowAsync<ApiException>();
        var secret = await provider.GetSecretAsync();

        Signs(secret, StandardVector.ParsedSecret).Should().BeTrue();
        calls.Should().Be(2);
    }

    private static bool Signs(WebhookSecret actual, WebhookSecret expected) =>
        WebhookSigner.Sign(actual, "msg", StandardVector.Timestamp, Body) == WebhookSigner.Sign(expected, "msg", StandardVector.Timestamp, Body);

    /// <summary>A loopback server whose n-th answer is key n (a rotation on every fetch).</summary>
    private sealed class SecretServer : IAsyncDisposable
    {
        private int _requests;

        private SecretServer()
        {
        }

        public LoopbackServer Server { get; private set; } = null!;

        public int Requests => Volatile.Read(ref _requests);

        public static async Task<SecretServer> StartAsync(TimeSpan delay = default)
        {
            var secrets = new SecretServer();
            secrets.Server = await LoopbackServer.StartAsync(async context =>
            {
                var n = Interlocked.Increment(ref secrets._requests);
                await Task.Delay(delay);
                context.Response.StatusCode = (int)HttpStatusCode.OK;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync($$"""{"key":"whsec_{{Convert.ToBase64String(KeyBytes(n))}}"}""");
            });
            return secrets;
        }

        public WebhookSecret KeyNumber(int n) => WebhookSecret.FromKey(KeyBytes(n));

        public ValueTask DisposeAsync() => Server.DisposeAsync();

        private static byte[] KeyBytes(int n) => Enumerable.Repeat((byte)n, 24).ToArray();
    }
}

using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Approval.Web.Security;

/// <summary>
/// Behind a reverse proxy (nginx, a load balancer), the client's address and scheme arrive in X-Forwarded-For and
/// X-Forwarded-Proto. They are believed only from the proxies configured in <c>Approval:KnownProxies</c> (addresses)
/// and <c>Approval:KnownNetworks</c> (CIDR ranges); anyone else could write them to dodge the sign-in rate limit.
/// Without either key only a proxy on this machine (loopback) is believed. The middleware runs first, so the rate
/// limiter partitions by the real client and the sign-in cookie is Secure when the client used HTTPS.
/// </summary>
public static class ReverseProxy
{
    public const string ProxiesKey = "Approval:KnownProxies";
    public const string NetworksKey = "Approval:KnownNetworks";

    public static IServiceCollection AddReverseProxySupport(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = List(configuration, ProxiesKey);
        var networks = List(configuration, NetworksKey);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.Count == 0 && networks.Count == 0) return; // the defaults: loopback only
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies) o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in networks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>A list as configuration arrays give it (<c>Approval__KnownProxies__0</c>), or one comma-separated value.</summary>
    private static List<string> List(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
    }
}

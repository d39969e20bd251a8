using Approval.Core.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Approval.Core.Attachments;

public static class AttachmentRegistration
{
    /// <summary>Attachments and comments: <c>Approval:Attachments:*</c>, the files, their rows and who reads them.</summary>
    public static IServiceCollection AddAttachments(this IServiceCollection services, IConfigurationSection approval)
    {
        services.AddCheckedOptions<AttachmentOptions>(approval.GetSection(AttachmentOptions.Section));
        services.AddSingleton<ScanHook>();
        services.AddSingleton<AttachmentFiles>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<AttachmentReader>();
        services.AddSingleton<Comments.MentionMail>();
        services.AddSingleton<Comments.InstanceComments>();
        return services;
    }
}

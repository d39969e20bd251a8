using Approval.Core.Notices;
using Approval.Core.Practice;
using Approval.Core.Ratings;
using Approval.Core.Workflow;
using Approval.Engine.Execution;
using Microsoft.Extensions.DependencyInjection;
using static Approval.Core.ApprovalCoreRegistration;

namespace Approval.Core.Campaigns;

/// <summary>The annual cycle: its stores, its forms, and the service-task topics its shipped workflows call.</summary>
public static class CycleRegistration
{
    public static IServiceCollection AddAnnualCycle(this IServiceCollection services)
    {
        services.AddSingleton<CampaignHandlers>();
        services.AddSingleton<NoticeHandlers>();
        services.AddSingleton<RatingHandlers>();
        services.AddSingleton<GradingHandlers>();
        services.AddSingleton<PracticeHandlers>();
        services.AddSingleton<Obligations.ObligationHandlers>();
        services.AddSingleton<Obligations.ObligationScheduler>();
        services.AddSingleton<NoticeStore>();
        services.AddSingleton<CampaignService>();
        services.AddSingleton<CampaignQueries>();
        services.AddSingleton<CampaignStatistics>();
        services.AddSingleton<ShippedWorkflows>();
        services.AddSingleton<Forms.FormCatalog>();
        services.AddSingleton<IndividualStarCatalogues>();
        services.AddSingleton<Ratings.AbsenceEventStore>();
        services.AddSingleton<Forms.FormContexts>();
        services.AddSingleton<StartPolicy>();

        Topic<CampaignHandlers>(services, CampaignHandlers.Open, (x, h) => x.OpenCampaign(h));
        Topic<CampaignHandlers>(services, CampaignHandlers.PublishCatalogue, (x, h) => x.PublishIndividualStars(h));
        Topic<CampaignHandlers>(services, CampaignHandlers.PrepareOrgTopic, (x, h) => x.PrepareOrganization(h));
        Topic<CampaignHandlers>(services, CampaignHandlers.PrepareMemberTopic, (x, h) => x.PrepareMember(h));
        Topic<CampaignHandlers>(services, CampaignHandlers.Close, (x, h) => x.CloseCampaign(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.PublishPledge, (x, h) => x.PublishPledgeNotice(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.Publish, (x, h) => x.PublishNotice(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.Check, (x, h) => x.CheckObjections(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.Resolve, (x, h) => x.ResolveObjections(h));
        Topic<NoticeHandlers>(services, NoticeHandlers.Close, (x, h) => x.CloseNotice(h));
        Topic<RatingHandlers>(services, RatingHandlers.Evaluate, (x, h) => x.EvaluateAssessment(h));
        Topic<RatingHandlers>(services, RatingHandlers.CheckQuota, (x, h) => x.CheckQuotaAtOwner(h));
        Topic<RatingHandlers>(services, RatingHandlers.ApplyQuota, (x, h) => x.ApplyQuotaDecision(h));
        Topic<RatingHandlers>(services, RatingHandlers.Ratify, (x, h) => x.RatifyResult(h));
        Topic<RatingHandlers>(services, RatingHandlers.Reject, (x, h) => x.RejectResult(h));
        Topic<RatingHandlers>(services, RatingHandlers.Demote, (x, h) => x.DemoteSubject(h));
        Topic<GradingHandlers>(services, GradingHandlers.Collect, (x, h) => x.CollectScores(h));
        Topic<GradingHandlers>(services, GradingHandlers.Record, (x, h) => x.RecordGrades(h));
        Topic<GradingHandlers>(services, GradingHandlers.Read, (x, h) => x.ReadGrade(h));
        Topic<RatingHandlers>(services, RatingHandlers.OpenRecheck, (x, h) => x.OpenRecheckOf(h));
        Topic<PracticeHandlers>(services, PracticeHandlers.Record, (x, h) => x.RecordEntry(h));
        Topic<PracticeHandlers>(services, PracticeHandlers.Missed, (x, h) => x.RecordMissed(h));
        Topic<Obligations.ObligationHandlers>(services, Obligations.ObligationHandlers.Open, (x, h) => x.OpenPeriod(h));
        Topic<Obligations.ObligationHandlers>(services, Obligations.ObligationHandlers.Record, (x, h) => x.KeepRecord(h));
        Topic<Obligations.ObligationHandlers>(services, Obligations.ObligationHandlers.Missed, (x, h) => x.KeepMissed(h));
        return services;
    }

    private static void Topic<THandlers>(IServiceCollection services, string topic, Action<THandlers, HandlerContext> run) where THandlers : notnull =>
        services.AddSingleton(sp =>
        {
            var handlers = sp.GetRequiredService<THandlers>();
            return new ServiceTaskRegistration(topic, new DomainHandler(context => run(handlers, new HandlerContext(context))));
        });

    // The domain handlers write through the step's connection and transaction with Dapper's synchronous calls; the
    // engine awaits every handler, so one that does its I/O asynchronously needs only its own IServiceTaskHandler.
    private sealed class DomainHandler(Action<ServiceTaskContext> run) : IServiceTaskHandler
    {
        public Task ExecuteAsync(ServiceTaskContext context)
        {
            run(context);
            return Task.CompletedTask;
        }
    }
}

using TypedAmqp.Amqp091;

namespace TypedAmqp.Tests.Client;

public sealed class SettledDeliveriesTests
{
    [Fact]
    public void In_order_settlements_each_settle_everything_up_to_their_tag()
    {
        var settled = new SettledDeliveries();

        Assert.True(settled.Settle(1, multiple: false));
        Assert.True(settled.Settle(2, multiple: false));
        Assert.True(settled.Settle(3, multiple: false));
    }

    [Fact]
    public void A_settlement_above_a_gap_does_not_until_the_gap_closes()
    {
        var settled = new SettledDeliveries();
        Assert.True(settled.Settle(1, multiple: false));

        Assert.False(settled.Settle(3, multiple: false)); // 2 is still unsettled
        Assert.False(settled.Settle(4, multiple: false));
        Assert.True(settled.Settle(2, multiple: false)); // closes the gap: 1 to 4 are settled
        Assert.True(settled.Settle(5, multiple: false));
    }

    [Fact]
    public void A_multiple_settlement_settles_every_lower_tag()
    {
        var settled = new SettledDeliveries();
        Assert.False(settled.Settle(7, multiple: false));

        Assert.True(settled.Settle(5, multiple: true));
        Assert.True(settled.Settle(6, multiple: false)); // 7 was settled before: through 7 now
        Assert.True(settled.Settle(8, multiple: false));
    }

    [Fact]
    public void A_repeated_settlement_is_not_reported_as_settling_anything()
    {
        var settled = new SettledDeliveries();
        Assert.True(settled.Settle(1, multiple: false));

        Assert.False(settled.Settle(1, multiple: false));
        Assert.False(settled.Settle(1, multiple: true));
    }

    [Fact]
    public void After_tracking_stops_no_settlement_is_reported()
    {
        var settled = new SettledDeliveries();
        Assert.True(settled.Settle(1, multiple: false));

        settled.StopTracking();

        Assert.False(settled.Settle(2, multiple: false));
        Assert.False(settled.Settle(3, multiple: true));
    }

    [Fact]
    public void Tracking_stops_rather_than_remember_without_bound_what_waits_above_a_gap()
    {
        var settled = new SettledDeliveries();
        for (ulong tag = 2; tag <= 5000; tag++) Assert.False(settled.Settle(tag, multiple: false));

        Assert.False(settled.Settle(1, multiple: false)); // would close the gap, but tracking gave up
    }
}

from celery import shared_task


@shared_task(acks_late=True)
def deliver_to_his(delivery_ids: list[int]) -> dict:
    from his.writeback import deliver

    return deliver(delivery_ids)


@shared_task
def drain_his_deliveries() -> int:
    from his.writeback import drain

    return drain()

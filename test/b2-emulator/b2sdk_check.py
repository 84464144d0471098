"""Drive the B2 emulator with Backblaze's official Python SDK (Debian python3-b2sdk 1.17.x, native API v2).

Usage: /usr/bin/python3 b2sdk_check.py <emulator_url> <application_key_id> <application_key>
Prints one JSON object on stdout; b2sdk.test.ts asserts on it. Any SDK exception propagates (non-zero exit).

b2sdk 1.17 takes the realm as a name from REALM_URLS *or* a URL (session.py: REALM_URLS.get(realm, realm)),
so the emulator's URL is passed straight in as the realm.
"""
import json
import sys

from b2sdk.v2 import B2Api, InMemoryAccountInfo


def main() -> None:
    realm_url, key_id, key = sys.argv[1:4]
    api = B2Api(InMemoryAccountInfo())
    api.authorize_account(realm_url, key_id, key)
    info = api.account_info

    buckets = api.list_buckets()
    bucket_names = [b.name for b in buckets]

    # An unrestricted key (b2sdk sends bucketId/namePrefix/validDurationInSeconds as JSON null).
    created = api.create_key(capabilities=['listBuckets', 'readFiles'], key_name='sdk-check-key')
    listed_ids = [k.id_ for k in api.list_keys()]

    # A v2 single-bucket key: it must authorize with the SDK and see only its bucket.
    first = buckets[0]
    scoped = api.create_key(
        capabilities=['listBuckets', 'listFiles'], key_name='sdk-scoped-key', bucket_id=first.id_,
        name_prefix='docs/', valid_duration_seconds=3600,
    )
    scoped_api = B2Api(InMemoryAccountInfo())
    scoped_api.authorize_account(realm_url, scoped.id_, scoped.application_key)
    scoped_allowed = scoped_api.account_info.get_allowed()
    scoped_buckets = [b.name for b in scoped_api.list_buckets(bucket_name=first.name)]

    deleted = api.delete_key_by_id(created.id_)
    api.delete_key_by_id(scoped.id_)
    listed_after = [k.id_ for k in api.list_keys()]

    print(json.dumps({
        'accountId': info.get_account_id(),
        'apiUrl': info.get_api_url(),
        's3ApiUrl': info.get_s3_api_url(),
        'allowedCapabilities': info.get_allowed()['capabilities'],
        'buckets': bucket_names,
        'createdKeyId': created.id_,
        'createdSecret': created.application_key,
        'createdOptions': sorted(created.options or []),
        'listedIds': listed_ids,
        'scopedAllowed': scoped_allowed,
        'scopedBuckets': scoped_buckets,
        'scopedExpiration': scoped.expiration_timestamp_millis,
        'deletedKeyId': deleted.id_,
        'listedAfterDelete': listed_after,
    }))


if __name__ == '__main__':
    main()
